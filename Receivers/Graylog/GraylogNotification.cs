namespace FirewallGateway.Receivers.Graylog;

/// <summary>Which Graylog notification style a body came as; names the endpoint too.</summary>
internal enum GraylogNotificationKind
{
    /// <summary>The legacy HTTP alarm callback (Graylog 1.x–3.0, later "[Deprecated]"): check_result, matching_messages.</summary>
    Legacy,

    /// <summary>The Events HTTP Notification (http-notification-v1, Graylog 3.1+): event, backlog.</summary>
    Events,

    /// <summary>The Custom HTTP Notification (http-notification-v2, Graylog 6.0+): a templated, flat JSON body.</summary>
    Custom,
}

/// <summary>A text that may hold an attacker address, where it came from and the context to store with it.</summary>
/// <param name="Text">The raw value.</param>
/// <param name="Origin">Where it was read, e.g. <c>backlog[2].fields.src_ip</c>.</param>
/// <param name="Strict">True when the operator declared the field an address field: a value that is not one is listed as ignored.</param>
/// <param name="Host">The Graylog <c>source</c> of the message (or event) it came from.</param>
/// <param name="Evidence">The message text it came from.</param>
internal sealed record GraylogCandidate(string Text, string Origin, bool Strict, string? Host, string? Evidence);

/// <summary>What a notification body says, independent of its style.</summary>
internal sealed class GraylogNotification
{
    public required GraylogNotificationKind Kind { get; init; }

    /// <summary>The event id (legacy: condition id and trigger time); the idempotency key of its reports.</summary>
    public required string EventId { get; init; }

    /// <summary>The event definition (or alert condition) title: the reason of every report.</summary>
    public required string Title { get; init; }

    /// <summary>True for Graylog's "Test notification" dummy event: answered, never banned.</summary>
    public bool IsTest { get; init; }

    public List<GraylogCandidate> Candidates { get; } = [];
}
