using System.Text.Json;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// Reads the three Graylog body shapes (PROTOCOLS.md §2) into one <see cref="GraylogNotification"/>: the event id,
/// the title, and every text that may hold an attacker address with its source host and message. Bookkeeping
/// fields (gl2_*) are never read.
/// </summary>
internal sealed class GraylogPayloadParser
{
    private const string TestDefinitionType = "test-dummy-v1";
    private const string TestEventType = "notification-test-v1";

    private readonly GraylogAddressExtractor _extractor;

    public GraylogPayloadParser(GraylogAddressExtractor extractor)
    {
        _extractor = extractor;
    }

    public (GraylogNotification? Notification, GraylogError? Error) Parse(GraylogNotificationKind kind, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, GraylogError.BadBody("the JSON body must be an object"));
        }

        return kind switch
        {
            GraylogNotificationKind.Legacy => ParseLegacy(root),
            GraylogNotificationKind.Events => ParseEvent(root),

            // A Custom HTTP notification with an empty body template sends the standard event document.
            _ when IsStandardEventDocument(root) => ParseEvent(root),
            _ => ParseCustom(root),
        };
    }

    private (GraylogNotification?, GraylogError?) ParseLegacy(JsonElement root)
    {
        GraylogError? error = null;
        if (GraylogJson.Member(root, "check_result", JsonValueKind.Object, "check_result", ref error) is not { } check)
        {
            return (null, error ?? GraylogError.Missing("check_result"));
        }

        var condition = GraylogJson.Member(check, "triggered_condition", JsonValueKind.Object, "check_result.triggered_condition", ref error);
        string? conditionId = condition is { } c ? GraylogJson.String(c, "id", "check_result.triggered_condition.id", ref error) : null;
        string? conditionTitle = condition is { } t ? GraylogJson.String(t, "title", "check_result.triggered_condition.title", ref error) : null;
        string? triggeredAt = GraylogJson.String(check, "triggered_at", "check_result.triggered_at", ref error);
        var stream = GraylogJson.Member(root, "stream", JsonValueKind.Object, "stream", ref error);
        string? streamTitle = stream is { } s ? GraylogJson.String(s, "title", "stream.title", ref error) : null;
        var messages = GraylogJson.Member(check, "matching_messages", JsonValueKind.Array, "check_result.matching_messages", ref error);
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrEmpty(triggeredAt))
        {
            return (null, GraylogError.Missing("check_result.triggered_at"));
        }

        // The legacy body has no event id: the condition and the moment it fired identify one alert.
        var notification = new GraylogNotification
        {
            Kind = GraylogNotificationKind.Legacy,
            EventId = $"legacy:{conditionId ?? streamTitle ?? "alert"}:{triggeredAt}",
            Title = FirstNonEmpty(conditionTitle, streamTitle, "Graylog alert"),
        };
        error = AddMessages(notification, messages, "check_result.matching_messages", null);
        return error is null ? (notification, null) : (null, error);
    }

    private (GraylogNotification?, GraylogError?) ParseEvent(JsonElement root)
    {
        GraylogError? error = null;
        if (GraylogJson.Member(root, "event", JsonValueKind.Object, "event", ref error) is not { } ev)
        {
            return (null, error ?? GraylogError.Missing("event"));
        }

        string? id = GraylogJson.String(ev, "id", "event.id", ref error);
        string? title = GraylogJson.String(root, "event_definition_title", "event_definition_title", ref error);
        string? definitionType = GraylogJson.String(root, "event_definition_type", "event_definition_type", ref error);
        string? eventType = GraylogJson.String(ev, "event_definition_type", "event.event_definition_type", ref error);
        string? source = GraylogJson.String(ev, "source", "event.source", ref error);
        string? key = GraylogJson.String(ev, "key", "event.key", ref error);
        string? message = GraylogJson.String(ev, "message", "event.message", ref error);
        var fields = GraylogJson.Member(ev, "fields", JsonValueKind.Object, "event.fields", ref error);
        var groupBy = GraylogJson.Member(ev, "group_by_fields", JsonValueKind.Object, "event.group_by_fields", ref error);
        var backlog = GraylogJson.Member(root, "backlog", JsonValueKind.Array, "backlog", ref error);
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrEmpty(id))
        {
            return (null, GraylogError.Missing("event.id"));
        }

        var notification = new GraylogNotification
        {
            Kind = GraylogNotificationKind.Events,
            EventId = id,
            Title = FirstNonEmpty(title, "Graylog event"),
            IsTest = definitionType == TestDefinitionType || eventType == TestEventType,
        };
        // The backlog first: its messages name the host that saw the attack, the event only the Graylog node.
        error = AddMessages(notification, backlog, "backlog", source);
        AddFieldMap(notification, fields, "event.fields", source, message);
        if (groupBy is { } groups)
        {
            foreach (var group in groups.EnumerateObject())
            {
                if (GraylogJson.Text(group.Value) is { Length: > 0 } text && !GraylogAddressExtractor.IsBookkeeping(group.Name)
                    && (_extractor.IsAddressField(group.Name) || (_extractor.UseGroupByValues && IsAddress(text))))
                {
                    notification.Candidates.Add(new GraylogCandidate(
                        text, $"event.group_by_fields.{group.Name}", _extractor.IsAddressField(group.Name), source, message));
                }
            }
        }

        AddKey(notification, key, "event.key", source, message);
        if (notification.Candidates.Count == 0)
        {
            AddMessageMatches(notification, message, "event.message", source);
        }

        return error is null ? (notification, null) : (null, error);
    }

    private (GraylogNotification?, GraylogError?) ParseCustom(JsonElement root)
    {
        GraylogError? error = null;
        string? id = GraylogJson.String(root, "event_id", "event_id", ref error);

        // Graylog 6.0–7.0's default template puts the title in "event_title"; some renderings in "event_summary_template".
        string? title = GraylogJson.String(root, "title", "title", ref error)
            ?? GraylogJson.String(root, "event_title", "event_title", ref error)
            ?? GraylogJson.String(root, "event_definition_title", "event_definition_title", ref error)
            ?? GraylogJson.String(root, "event_summary_template", "event_summary_template", ref error);
        string? type = GraylogJson.String(root, "event_definition_type", "event_definition_type", ref error);
        string? source = GraylogJson.String(root, "source", "source", ref error)
            ?? GraylogJson.String(root, "event_source", "event_source", ref error);
        string? key = GraylogJson.String(root, "key", "key", ref error)
            ?? GraylogJson.String(root, "event_key", "event_key", ref error);
        string? message = GraylogJson.String(root, "message", "message", ref error)
            ?? GraylogJson.String(root, "event_message", "event_message", ref error);
        var ips = GraylogJson.Member(root, "ips", JsonValueKind.Array, "ips", ref error);
        var backlog = GraylogJson.Member(root, "backlog", JsonValueKind.Array, "backlog", ref error);
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrEmpty(id))
        {
            return (null, GraylogError.Missing("event_id"));
        }

        var notification = new GraylogNotification
        {
            Kind = GraylogNotificationKind.Custom,
            EventId = id,
            Title = FirstNonEmpty(title, "Graylog event"),
            IsTest = type == TestDefinitionType,
        };
        error = AddMessages(notification, backlog, "backlog", source);
        AddFieldMap(notification, root, string.Empty, source, message);
        if (ips is { } list)
        {
            int i = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (GraylogJson.Text(item) is { Length: > 0 } text)
                {
                    notification.Candidates.Add(new GraylogCandidate(text, $"ips[{i}]", Strict: true, source, message));
                }

                i++;
            }
        }

        AddKey(notification, key, "key", source, message);
        if (notification.Candidates.Count == 0)
        {
            AddMessageMatches(notification, message, "message", source);
        }

        return error is null ? (notification, null) : (null, error);
    }

    /// <summary>Backlog / matching messages: their address fields, else the fallback pattern over their text.</summary>
    private GraylogError? AddMessages(GraylogNotification notification, JsonElement? messages, string path, string? eventSource)
    {
        if (messages is not { } array)
        {
            return null;
        }

        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            string itemPath = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return GraylogError.WrongType(itemPath, "an object");
            }

            GraylogError? error = null;
            string? source = GraylogJson.String(item, "source", itemPath + ".source", ref error);
            string? text = GraylogJson.String(item, "message", itemPath + ".message", ref error);
            var fields = GraylogJson.Member(item, "fields", JsonValueKind.Object, itemPath + ".fields", ref error);
            if (error is not null)
            {
                return error;
            }

            string? host = string.IsNullOrEmpty(source) ? eventSource : source;
            int before = notification.Candidates.Count;
            AddFieldMap(notification, fields, itemPath + ".fields", host, text);

            // The custom template puts the address fields straight into each backlog item.
            AddFieldMap(notification, item, itemPath, host, text);
            if (notification.Candidates.Count == before)
            {
                AddMessageMatches(notification, text, itemPath + ".message", host);
            }
        }

        return null;
    }

    private void AddFieldMap(GraylogNotification notification, JsonElement? fields, string path, string? host, string? evidence)
    {
        if (fields is not { } map)
        {
            return;
        }

        foreach (string name in _extractor.AddressFields)
        {
            if (!map.TryGetProperty(name, out var value))
            {
                continue;
            }

            string origin = path.Length == 0 ? name : $"{path}.{name}";
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    AddStrict(notification, GraylogJson.Text(item), origin, host, evidence);
                }
            }
            else
            {
                AddStrict(notification, GraylogJson.Text(value), origin, host, evidence);
            }
        }
    }

    private static void AddStrict(GraylogNotification notification, string? text, string origin, string? host, string? evidence)
    {
        // A template renders a missing field as "": nothing was there.
        if (!string.IsNullOrWhiteSpace(text))
        {
            notification.Candidates.Add(new GraylogCandidate(text, origin, Strict: true, host, evidence));
        }
    }

    private void AddKey(GraylogNotification notification, string? key, string path, string? host, string? evidence)
    {
        if (!_extractor.UseEventKey || string.IsNullOrEmpty(key))
        {
            return;
        }

        // The key is the group-by values joined with '|'; only parts that are addresses count (the key may be a user name).
        foreach (string part in key.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsAddress(part))
            {
                notification.Candidates.Add(new GraylogCandidate(part, path, Strict: false, host, evidence));
            }
        }
    }

    private void AddMessageMatches(GraylogNotification notification, string? text, string path, string? host)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (string match in _extractor.MatchMessage(text))
        {
            notification.Candidates.Add(new GraylogCandidate(match, path, Strict: false, host, text));
        }
    }

    private static bool IsStandardEventDocument(JsonElement root) =>
        !root.TryGetProperty("event_id", out _) && root.TryGetProperty("event", out var ev) && ev.ValueKind == JsonValueKind.Object;

    // Blocks count here too: the report builder then refuses them by name unless ranges are allowed.
    private static bool IsAddress(string text) => GraylogAddressExtractor.TryNormalise(text, allowRanges: true, out _, out _, out _);

    private static string FirstNonEmpty(params string?[] values) => values.First(v => !string.IsNullOrWhiteSpace(v))!;
}
