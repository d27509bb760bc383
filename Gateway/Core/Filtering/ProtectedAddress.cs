using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Filtering;

/// <summary>
/// An address the gateway depends on and therefore never bans: its own listen addresses, the hosts its targets
/// and store live on, registered servers. Computed from configuration at start (and as host names re-resolve),
/// never kept by hand, so a target added to the configuration is protected from its first start.
/// </summary>
/// <param name="Address">The single address (host bits all set as prefix, /32 or /128).</param>
/// <param name="Description">What it is, as refusals name it: <c>target 'edge' host 1.0.3.4</c>.</param>
public sealed record ProtectedAddress(BanAddress Address, string Description);
