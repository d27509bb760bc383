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

    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Connection>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private long _sequence;

    public ConnectionTracker() => _lookup = _connections.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _connections.Count;

    /// <summary>
    /// One line of a connection. <paramref name="address"/> is the address the line names (or default),
    /// <paramref name="failure"/> whether it is an address-less failure, <paramref name="closes"/> whether the
    /// connection ends with it. Returns the failures the line completes, all of <paramref name="completedBy"/>.
    /// </summary>
    public int Observe(ReadOnlySpan<char> host, ReadOnlySpan<char> processId, HostKey? address, bool failure, bool closes, out HostKey completedBy)
    {
        completedBy = default;
        if (processId.IsEmpty)
        {
            return 0;
        }

        Span<char> key = stackalloc char[host.Length + processId.Length + 1];
        processId.CopyTo(key);
        key[processId.Length] = '@';
        host.CopyTo(key[(processId.Length + 1)..]);

        bool known = _lookup.TryGetValue(key, out var connection);
        if (closes)
        {
            if (!known)
            {
                return 0;
            }

            _lookup.Remove(key);
            return Complete(connection!, address, failure, out completedBy);
        }

        if (!known)
        {
            if (address is null && !failure)
            {
                return 0;
            }

            connection = new Connection();
            MakeRoom();
            _connections.Add(key.ToString(), connection);
        }

        connection!.LastSeen = ++_sequence;
        return Complete(connection, address, failure, out completedBy);
    }

    private static int Complete(Connection connection, HostKey? address, bool failure, out HostKey completedBy)
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
        foreach (var stale in _connections.Where(c => c.Value.LastSeen <= median).Select(c => c.Key).ToList())
        {
            _connections.Remove(stale);
        }
    }

    private sealed class Connection
    {
        public HostKey? Address { get; set; }

        public int Pending { get; set; }

        public long LastSeen { get; set; }
    }
}
