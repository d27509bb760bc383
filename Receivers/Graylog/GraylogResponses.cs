using System.Text.Json;
using System.Text.Json.Serialization;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// The answer to a notification: every address that fed a decision and every address that did not, with why.
/// <c>IgnoredNotListed</c> counts ignored addresses beyond the first 1000, which are not echoed back.
/// </summary>
internal sealed record GraylogAnswer(
    string Notification,
    string EventId,
    bool Test,
    IReadOnlyList<AcceptedAddress> Accepted,
    IReadOnlyList<IgnoredAddress> Ignored,
    int IgnoredNotListed);

/// <summary>An address that is banned after this notification: the decision it created or fed.</summary>
internal sealed record AcceptedAddress(string Address, string Outcome, long DecisionId, DateTimeOffset ExpiresAt, int ReportCount);

/// <summary>An address (or text where one was expected) that was not banned, where it was read and why.</summary>
internal sealed record IgnoredAddress(string Address, string From, string Reason, string Detail);

/// <summary>A refusal with a reason: <c>{"error":"missing-field","field":"event.id","detail":"..."}</c>.</summary>
internal sealed record GraylogErrorAnswer(string Error, string Detail, string? Field = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraylogAnswer))]
[JsonSerializable(typeof(GraylogErrorAnswer))]
internal sealed partial class GraylogJsonContext : JsonSerializerContext;
