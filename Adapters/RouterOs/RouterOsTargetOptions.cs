namespace FirewallGateway.Adapters.RouterOs;

/// <summary>
/// One MikroTik router reached over the RouterOS API, section <c>Targets:&lt;name&gt;</c> with <c>Kind = routeros</c>.
/// Unknown keys are errors.
/// </summary>
public sealed class RouterOsTargetOptions
{
    /// <summary>The longest timeout RouterOS takes (35w3d13h13m56s = (2^31 - 1) / 100 s).</summary>
    public static readonly TimeSpan RouterMaxTimeout = new(248, 13, 13, 56);

    /// <summary>Always <c>routeros</c>.</summary>
    public string Kind { get; set; } = RouterOsAdapterKind.KindName;

    /// <summary>Router address or DNS name. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>API port. Default 8729 (API-SSL), or 8728 when <see cref="Tls"/> is false; 1 to 65535.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// Use API-SSL with certificate checking (<see cref="CertificateFingerprint"/> pin, else CA chain and
    /// <see cref="TlsServerName"/>). Default true; the router needs a certificate in <c>/ip service api-ssl</c>.
    /// false = plain API on 8728: the password and every command cross the network readable, so it is an explicit
    /// opt-in and the gateway warns at start.
    /// </summary>
    public bool Tls { get; set; } = true;

    /// <summary>
    /// SHA-256 fingerprint of the router certificate (64 hex digits, ':' allowed) to pin; replaces CA and name
    /// checks. Without it the certificate must chain to a trusted CA and match <see cref="TlsServerName"/>. Only with <see cref="Tls"/>.
    /// </summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>The name the certificate must carry when validated by CA. Default <see cref="Host"/>. Only with <see cref="Tls"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>API user (group with read, write, api; see docs/operations/routeros.md). Required.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>API password. Exactly one of <see cref="Password"/> and <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>File whose first line is the password (read at start).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Address list for IPv4 entries (<c>/ip/firewall/address-list</c>). Default "Blocked address"; ASCII, 1 to 63 chars.</summary>
    public string List4 { get; set; } = "Blocked address";

    /// <summary>Address list for IPv6 entries (<c>/ipv6/firewall/address-list</c>). Default "Blocked address"; ASCII, 1 to 63 chars.</summary>
    public string List6 { get; set; } = "Blocked address";

    /// <summary>
    /// Longest timeout written to the router; longer bans are renewed by reconcile before the entry lapses.
    /// Default and maximum 248.13:13:56 (RouterOS 35w3d13h13m56s); at least 1 minute.
    /// </summary>
    public TimeSpan MaxTimeout { get; set; } = RouterMaxTimeout;

    /// <summary>Limit for each of TCP connect plus TLS handshake, and the login. Default 5 s; 100 ms to 5 min.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest silence while answers are awaited (also mid-sentence). Default 10 s; 100 ms to 10 min.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most entries per adapter call. Default 1000; 1 to 100000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Commands written in one go before waiting for their replies (1 = one round trip per command). Default 250; 1 to 10000.</summary>
    public int PipelineDepth { get; set; } = 250;

    /// <summary>
    /// Marks the gateway's entries: their comment is <c>&lt;prefix&gt;:decision:&lt;id&gt;</c>, and only entries with
    /// such a comment are ever changed or removed. Default "fgw"; letters, digits, '-', '_', '.', 1 to 32.
    /// </summary>
    public string CommentPrefix { get; set; } = "fgw";
}
