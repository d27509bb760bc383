namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// sshd's failures that name no address (<c>Disconnecting: Too many authentication failures</c>, <c>User root not
/// allowed because account is locked</c>) belong to the connection of the same process (host and pid), as fail2ban's
/// sshd filter reads them: the address comes from an earlier line of that connection (<c>Connection from</c>, a
/// failed public key) or from the line that closes it (<c>Connection closed by</c>, <c>Received disconnect</c>).
/// Only sshd writes these lines, and the address is always in its fixed part, so no user text supplies it.
/// Bounded: beyond <see cref="MaxConnections"/> open connections the oldest half is forgotten.
/// </summary>
internal sealed class ConnectionTracker
{
    public const int MaxConnections = 4096;

    // Keyed by the pid and a hash of the sender host: no string per line. Two senders would need the same
    // (per-process randomised) hash and the same pid to share an entry.
    private readonly Dictionary<long, Connection> _connections = [];
    private long _sequence;

    public int Count => _connections.Count;

    /// <summary>
    /// One line of a connection. <paramref name="address"/> is the address the line names (or null),
    /// <paramref name="failure"/> whether it is an address-less failure, <paramref name="closes"/> whether the
    /// connection ends with it. Returns the failures the line completes, all of <paramref name="completedBy"/>.
    /// </summary>
    public int Observe(ReadOnlySpan<char> host, ReadOnlySpan<char> processId, HostKey? address, bool failure, bool closes, out HostKey completedBy)
    {
        completedBy = default;
        if (!TryKey(host, processId, out long key))
        {
            return 0;
        }

        bool known = _connections.TryGetValue(key, out var connection);
        if (closes)
        {
            if (!known)
            {
                return 0;
            }

            _connections.Remove(key);
            return Complete(ref connection, address, failure, out completedBy);
        }

        if (!known)
        {
            if (address is null && !failure)
            {
                return 0;
            }

            MakeRoom();
        }

        connection.LastSeen = ++_sequence;
        int completed = Complete(ref connection, address, failure, out completedBy);
        _connections[key] = connection;
        return completed;
    }

    /// <summary>Whether a line of this connection was kept (a line that only closes or names an unknown one changes nothing).</summary>
    public bool Knows(ReadOnlySpan<char> host, ReadOnlySpan<char> processId) =>
        _connections.Count > 0 && TryKey(host, processId, out long key) && _connections.ContainsKey(key);

    private static bool TryKey(ReadOnlySpan<char> host, ReadOnlySpan<char> processId, out long key)
    {
        key = 0;
        if (!int.TryParse(processId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
        {
            return false;
        }

        key = ((long)string.GetHashCode(host, StringComparison.Ordinal) << 32) | (uint)pid;
        return true;
    }

    private static int Complete(ref Connection connection, HostKey? address, bool failure, out HostKey completedBy)
    {
        connection.Address = address ?? connection.Address;
        connection.Pending += failure ? 1 : 0;
        completedBy = connection.Address ?? default;
        if (connection.Address is null || connection.Pending == 0)
        {
            return 0;
        }

        int completed = connection.Pending;
        connection.Pending = 0;
        return completed;
    }

    private void MakeRoom()
    {
        if (_connections.Count < MaxConnections)
        {
            return;
        }

        long median = _connections.Values.Select(c => c.LastSeen).Order().ElementAt(_connections.Count / 2);
        foreach (long stale in _connections.Where(c => c.Value.LastSeen <= median).Select(c => c.Key).ToList())
        {
            _connections.Remove(stale);
        }
    }

    private struct Connection
    {
        public HostKey? Address;

        public int Pending;

        public long LastSeen;
    }
}
