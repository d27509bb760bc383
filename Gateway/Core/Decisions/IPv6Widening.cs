using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// Chooses what a report bans: a single IPv6 address becomes its <see cref="PolicyOptions.IPv6BanPrefix"/> block,
/// because an attacker holding one address of a /64 can use any of the others. The widened block must pass the
/// filter on its own; when it would cover an allow-listed or reserved address, the single address is banned instead.
/// </summary>
internal sealed class IPv6Widening(AddressFilter filter, PolicyOptions policy)
{
    /// <summary>The address the decision is about: the report's own, or the block that covers it.</summary>
    public BanAddress AddressToBan(BanReport report)
    {
        var address = report.Address;
        if (address.IsIPv4 || report.Source == ReportSource.Operator || address.PrefixLength <= policy.IPv6BanPrefix
            || !BanAddress.TryCreate(address.Network, policy.IPv6BanPrefix, out var widened))
        {
            return address;
        }

        return filter.Check(widened) is null ? widened : address;
    }
}
