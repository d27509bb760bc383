using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;

namespace FirewallGateway.Protection;

/// <summary>
/// Turns <see cref="ProtectedHost"/>s into addresses: literal addresses as they are, wildcards into every address
/// of the machine's interfaces, DNS names through the resolver. A failed lookup keeps the addresses the name
/// had before (a DNS outage must not unprotect a router), and says so in the log.
/// </summary>
internal sealed partial class ProtectedHostResolver
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(10);

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _lookup;
    private readonly Func<IEnumerable<IPAddress>> _interfaceAddresses;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IPAddress[]> _resolved = new(StringComparer.OrdinalIgnoreCase);

    public ProtectedHostResolver(
        ILogger logger,
        Func<string, CancellationToken, Task<IPAddress[]>>? lookup = null,
        Func<IEnumerable<IPAddress>>? interfaceAddresses = null)
    {
        _logger = logger;
        _lookup = lookup ?? Dns.GetHostAddressesAsync;
        _interfaceAddresses = interfaceAddresses ?? InterfaceAddresses;
    }

    /// <summary>Every address of <paramref name="hosts"/>, each with a description naming the host it stands for.</summary>
    public async Task<List<ProtectedAddress>> ResolveAsync(IReadOnlyList<ProtectedHost> hosts, CancellationToken cancellationToken)
    {
        var addresses = new List<ProtectedAddress>();
        foreach (var host in hosts)
        {
            if (host.IsWildcard)
            {
                foreach (var address in _interfaceAddresses())
                {
                    addresses.Add(new ProtectedAddress(BanAddress.FromAddress(address), $"{host.Role} {host.Host} (interface address {Plain(address)})"));
                }
            }
            else if (IPAddress.TryParse(host.Host, out var literal))
            {
                addresses.Add(new ProtectedAddress(BanAddress.FromAddress(literal), $"{host.Role} {Plain(literal)}"));
            }
            else
            {
                foreach (var address in await LookupAsync(host, cancellationToken))
                {
                    addresses.Add(new ProtectedAddress(BanAddress.FromAddress(address), $"{host.Role} {host.Host} ({Plain(address)})"));
                }
            }
        }

        return addresses;
    }

    private async Task<IPAddress[]> LookupAsync(ProtectedHost host, CancellationToken cancellationToken)
    {
        _resolved.TryGetValue(host.Host, out var previous);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(LookupTimeout);
            var found = (await _lookup(host.Host, timeout.Token)).Select(Plain).Distinct().Order(AddressOrder.Instance).ToArray();
            if (previous is null || !previous.SequenceEqual(found))
            {
                string listed = string.Join(", ", (IEnumerable<IPAddress>)found);
                Log.Resolved(_logger, host.Role, host.Host, listed);
            }

            _resolved[host.Host] = found;
            return found;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ArgumentException && !cancellationToken.IsCancellationRequested)
        {
            string kept = previous is null ? "none yet" : string.Join(", ", (IEnumerable<IPAddress>)previous);
            Log.LookupFailed(_logger, host.Role, host.Host, ex.Message, kept);
            return previous ?? [];
        }
    }

    private static IEnumerable<IPAddress> InterfaceAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => Plain(u.Address))
            .Distinct();

    /// <summary>Without IPv6 scope and with IPv4-mapped addresses unwrapped, so descriptions and comparisons agree.</summary>
    private static IPAddress Plain(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    private sealed class AddressOrder : IComparer<IPAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(IPAddress? x, IPAddress? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
            Message = "Protected {Role} {Host} resolves to {Addresses}; these addresses are never banned")]
        public static partial void Resolved(ILogger logger, string role, string host, string addresses);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
            Message = "Protected {Role} {Host} could not be resolved ({Error}); keeping the addresses resolved before: {Previous}")]
        public static partial void LookupFailed(ILogger logger, string role, string host, string error, string previous);
    }
}
