using System.Net;

namespace FirewallGateway.Receivers.Syslog.Transport;

/// <summary>
/// Open connections in all and per sender address. A slot is taken only when both limits allow it, so a sender
/// at its own cap never uses up the shared ones; entries vanish when a sender's last connection closes.
/// </summary>
internal sealed class ConnectionCounter
{
    private readonly Dictionary<IPAddress, int> _perSender = [];
    private readonly int _max;
    private readonly int _maxPerSender;
    private int _total;

    public ConnectionCounter(int max, int maxPerSender)
    {
        _max = max;
        _maxPerSender = maxPerSender;
    }

    /// <summary>Null when a slot was taken (give it back with <see cref="Release"/>), else the reject reason.</summary>
    public string? TryTake(IPAddress sender, string totalReason, string senderReason)
    {
        lock (_perSender)
        {
            _perSender.TryGetValue(sender, out int open);
            if (open >= _maxPerSender)
            {
                return senderReason;
            }

            if (_total >= _max)
            {
                return totalReason;
            }

            _perSender[sender] = open + 1;
            _total++;
            return null;
        }
    }

    public void Release(IPAddress sender)
    {
        lock (_perSender)
        {
            _total--;
            int open = _perSender[sender] - 1;
            if (open == 0)
            {
                _perSender.Remove(sender);
            }
            else
            {
                _perSender[sender] = open;
            }
        }
    }
}
