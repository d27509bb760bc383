namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// One nftables target: a table with four sets a drop rule matches: single IPv4 and IPv6 addresses in plain
/// hash sets (<c>flags timeout</c>) and CIDR blocks in interval sets (<c>flags interval,timeout</c>). They are
/// split because nft 1.0 reads a whole interval set back from the kernel on every change (seconds at 100,000
/// elements), while a hash set takes a change in milliseconds whatever its size. Section <c>Targets:&lt;name&gt;</c> with <c>Kind = nftables</c>. Names are checked against a strict
/// pattern because they are written into the script <c>nft -f -</c> reads.
/// </summary>
public sealed class NftablesOptions
{
    /// <summary>Largest element timeout nftables 1.0 accepts here (a larger one is "value too large"); longer decisions are renewed by reconcile.</summary>
    public static readonly TimeSpan MaxElementTimeout = TimeSpan.FromDays(365);

    /// <summary>Table family: <c>inet</c> (default, both IPv4 and IPv6), <c>ip</c> or <c>ip6</c>.</summary>
    public string Family { get; set; } = "inet";

    /// <summary>Table name. Default <c>firewallgateway</c>; letters, digits and '_', starting with a letter, at most 32.</summary>
    public string Table { get; set; } = "firewallgateway";

    /// <summary>Name of the <c>ipv4_addr</c> set of single addresses (<c>flags timeout</c>). Default <c>banned4</c>.</summary>
    public string Set4 { get; set; } = "banned4";

    /// <summary>Name of the <c>ipv6_addr</c> set of single addresses (<c>flags timeout</c>). Default <c>banned6</c>.</summary>
    public string Set6 { get; set; } = "banned6";

    /// <summary>Name of the <c>ipv4_addr</c> set of CIDR blocks (<c>flags interval,timeout</c>). Default <c>banned4_net</c>.</summary>
    public string RangeSet4 { get; set; } = "banned4_net";

    /// <summary>Name of the <c>ipv6_addr</c> set of CIDR blocks (<c>flags interval,timeout</c>). Default <c>banned6_net</c>.</summary>
    public string RangeSet6 { get; set; } = "banned6_net";

    /// <summary>Optional network namespace: nft then runs as <c>ip netns exec &lt;ns&gt; nft ...</c>. Default none.</summary>
    public string? NetworkNamespace { get; set; }

    /// <summary>Absolute path of the nft binary. Default <c>/usr/sbin/nft</c>.</summary>
    public string NftPath { get; set; } = "/usr/sbin/nft";

    /// <summary>Absolute path of the ip binary, used only with <see cref="NetworkNamespace"/>. Default <c>/usr/sbin/ip</c>.</summary>
    public string IpPath { get; set; } = "/usr/sbin/ip";

    /// <summary>
    /// When true the gateway creates (and keeps) the table, the four sets and a chain <c>input</c> hooked at priority
    /// filter - 10 that drops the sets' sources. When false (default) the operator creates them.
    /// </summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>With <see cref="CreateIfMissing"/>, also drop forwarded traffic (chain <c>forward</c>). Default false.</summary>
    public bool DropForward { get; set; }

    /// <summary>Most elements in one <c>nft -f -</c> transaction. Default 5000; 1 to 100000.</summary>
    public int MaxBatchSize { get; set; } = 5000;

    /// <summary>Longest one nft run may take before it is killed and counts as a transport failure. Default 30 s; 1 s to 10 min.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
