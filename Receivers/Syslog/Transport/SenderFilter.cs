using System.Net;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Receivers.Syslog.Transport;

/// <summary>The allowed senders (<c>Receivers:Syslog:AllowedSenders</c>); empty configuration means loopback only.</summary>
internal sealed class SenderFilter
{
    private readonly BanAddress[] _blocks;

    public SenderFilter(IReadOnlyCollection<string> allowed)
    {
        var texts = allowed.Count == 0 ? ["127.0.0.0/8", "::1"] : allowed;
        _blocks = [.. texts.Select(t => BanAddress.Parse(t.Trim()))];
    }

    public IReadOnlyList<BanAddress> Blocks => _blocks;

    public bool IsAllowed(IPAddress address)
    {
        foreach (var block in _blocks)
        {
            if (block.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
