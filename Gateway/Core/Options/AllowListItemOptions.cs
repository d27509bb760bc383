namespace FirewallGateway.Core.Options;

/// <summary>An allow-list entry from configuration: always in force, not removable through the API.</summary>
public sealed class AllowListItemOptions
{
    /// <summary>An IPv4/IPv6 address or CIDR block. Required.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>Why it is allowed (shown in refusals).</summary>
    public string? Comment { get; set; }
}
