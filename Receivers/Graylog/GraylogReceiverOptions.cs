using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>The Graylog HTTP notification receiver. Section <c>Receivers:Graylog</c>.</summary>
public sealed class GraylogReceiverOptions
{
    public const string SectionName = "Receivers:Graylog";

    /// <summary>The address fields read when <see cref="AddressFields"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultAddressFields = ["src_ip", "source_ip", "client_ip", "remote_addr"];

    /// <summary>The fallback pattern used when <see cref="MessagePattern"/> is not set: runs of hex digits, dots and colons.</summary>
    public const string DefaultMessagePattern = "[0-9A-Fa-f:.]{2,64}";

    /// <summary>Whether the <c>/api/v1/graylog/*</c> endpoints are served. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest request body accepted, in bytes; larger gets 413. Default 1048576; 1024 to 16777216.</summary>
    [Range(1024, 16_777_216)]
    public int MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>Most distinct addresses reported from one notification; the rest are listed as ignored. Default 100; 1 to 10000.</summary>
    [Range(1, 10_000)]
    public int MaxAddressesPerNotification { get; set; } = 100;

    /// <summary>Longest evidence (message text) kept per report, in characters. Default 2000; 0 to 65536.</summary>
    [Range(0, 65_536)]
    public int MaxEvidenceLength { get; set; } = 2000;

    /// <summary>
    /// Field names (in <c>event.fields</c>, <c>group_by_fields</c> and each backlog message's <c>fields</c>) that hold
    /// the attacker address. Default <c>src_ip, source_ip, client_ip, remote_addr</c>. Names starting with <c>gl2_</c>
    /// (Graylog's own bookkeeping, e.g. <c>gl2_remote_ip</c> = the log shipper) are refused.
    /// </summary>
    public IList<string>? AddressFields { get; set; }

    /// <summary>Whether an event key (<c>event.key</c>, <c>event_key</c>) that parses as an address is reported. Default true.</summary>
    public bool UseEventKey { get; set; } = true;

    /// <summary>Whether any <c>group_by_fields</c> value that parses as an address is reported. Default true.</summary>
    public bool UseGroupByValues { get; set; } = true;

    /// <summary>
    /// Pattern run over a message's text when its fields hold no address; each match that parses as an address is
    /// reported. Runs with <c>RegexOptions.NonBacktracking</c> (linear time, so no lookarounds). Empty disables the
    /// fallback. Default <see cref="DefaultMessagePattern"/>.
    /// </summary>
    public string? MessagePattern { get; set; }

    /// <summary>
    /// Whether a CIDR block (<c>1.0.1.0/24</c>) in an address field, the event key or a group-by value is reported.
    /// Default false: only single addresses; a block is listed as ignored (<c>range-not-allowed</c>). Field values
    /// come from log text an attacker may shape, so a block there could ban a whole network. Blocks are still
    /// subject to <c>Policy:MinimumIPv4Prefix</c> / <c>MinimumIPv6Prefix</c>.
    /// </summary>
    public bool AllowRanges { get; set; }

    /// <summary>The request header carrying an API key. Default <c>X-API-Key</c>.</summary>
    [Required]
    [RegularExpression(@"\A[A-Za-z0-9-]{1,64}\z")]
    public string ApiKeyHeader { get; set; } = "X-API-Key";

    /// <summary>API keys accepted in <see cref="ApiKeyHeader"/>; each has a reporter name and a key of 32 to 256 characters.</summary>
    public IList<GraylogSecretOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// Secret tokens accepted as a URL path segment (<c>/api/v1/graylog/t/{token}/...</c>) for Graylog versions that
    /// cannot send credentials (before 5.0). Each has a reporter name and a token of 32 to 256 characters. The token
    /// shows in Graylog's configuration and in any proxy's access log: see docs/operations/graylog.md.
    /// </summary>
    public IList<GraylogSecretOptions> PathTokens { get; set; } = [];

    /// <summary>
    /// Basic-auth logins allowed to post notifications; others get 403. Empty (default) allows every reporter and
    /// operator login.
    /// </summary>
    public IList<string> AllowedLogins { get; set; } = [];

    /// <summary>The effective address fields.</summary>
    public IReadOnlyList<string> EffectiveAddressFields => AddressFields is { Count: > 0 } fields ? [.. fields] : DefaultAddressFields;

    /// <summary>The effective fallback pattern (empty = disabled).</summary>
    public string EffectiveMessagePattern => MessagePattern ?? DefaultMessagePattern;
}

/// <summary>A named secret: an API key or a URL path token.</summary>
public sealed class GraylogSecretOptions
{
    /// <summary>The reporter name stored with every report sent with this secret. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret itself, 32 to 256 characters from <c>[A-Za-z0-9_-]</c>. Required.</summary>
    public string Secret { get; set; } = string.Empty;
}
