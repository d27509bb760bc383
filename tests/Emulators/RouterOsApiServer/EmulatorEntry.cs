namespace FirewallGateway.Emulators.RouterOs;

/// <summary>One address-list entry as the emulated router holds it.</summary>
/// <param name="Id">The <c>.id</c>, e.g. <c>*1A</c>.</param>
/// <param name="Menu"><c>/ip/firewall/address-list</c> or <c>/ipv6/firewall/address-list</c>.</param>
/// <param name="List">The list name.</param>
/// <param name="Address">The address as stored (IPv6 single addresses carry <c>/128</c>).</param>
/// <param name="ExpiresAt">When the entry vanishes; null for a static entry.</param>
/// <param name="Comment">The comment, if any.</param>
public sealed record EmulatorEntry(string Id, string Menu, string List, string Address, DateTimeOffset? ExpiresAt, string? Comment)
{
    /// <summary>Entries with a timeout live in RAM only and vanish on reboot.</summary>
    public bool Dynamic => ExpiresAt is not null;
}
