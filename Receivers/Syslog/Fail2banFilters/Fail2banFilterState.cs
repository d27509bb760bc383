namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// fail2ban's multi-line failure id cache for one filter (<c>Filter.mlfidCache</c>: 100 ids, 5 minutes), and its
/// <c>_mergeFailure</c>: what one connection logged so far (address, users, pending failures, lines), so a line
/// without an address can complete a failure and a successful login (<c>F-MLFGAINED</c>) can cancel one.
/// Not thread-safe: one engine owns it.
/// </summary>
internal sealed class Fail2banFilterState
{
    public const int Capacity = 100;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const int NoFail = 1;
    private const int Forget = 2;
    private const int KnownNoFail = 4;
    private const int Gained = 8;

    // Insertion order in a linked list beside the lookup: dropping the oldest is O(1) (an OrderedDictionary shifts
    // all 100 entries on RemoveAt(0), which on a busy sshd log is once per new connection).
    private readonly Dictionary<string, LinkedListNode<Connection>> _connections = new(StringComparer.Ordinal);
    private readonly LinkedList<Connection> _order = new();

    public int Count => _connections.Count;

    /// <summary>The date template that matched last (see <see cref="Fail2banDateDetector.TryFind"/>); -1 at first.</summary>
    public int DateTemplate { get; set; } = -1;

    /// <summary>Port of fail2ban 1.0's Filter._mergeFailure (flags named as its comments describe them).</summary>
    public Dictionary<string, object?> Merge(string id, Dictionary<string, object?> fail, string line, DateTimeOffset at)
    {
        var cached = Get(id, at);
        HashSet<string>? users = null;
        int flags = 0;
        if (Fail2banFilter.Truthy(fail.GetValueOrDefault("mlfgained")))
        {
            flags |= Gained | NoFail;
            if (!Fail2banFilter.Truthy(fail.GetValueOrDefault("nofail")))
            {
                fail["nofail"] = fail["mlfgained"];
            }
        }
        else if (Fail2banFilter.Truthy(fail.GetValueOrDefault("nofail")))
        {
            flags |= NoFail;
        }

        if (Pop(fail, "mlfforget"))
        {
            flags |= Forget;
        }

        if (cached is not null)
        {
            users = AddUser(cached, fail.GetValueOrDefault("user") as string);
            if (Pop(cached, "nofail") | Pop(cached, "mlfgained"))
            {
                flags |= KnownNoFail;
            }

            if ((flags & Gained) != 0)
            {
                cached.Remove("mlfpending");
            }

            if ((flags & KnownNoFail) == 0 && !Fail2banFilter.Truthy(cached.GetValueOrDefault("mlfpending")))
            {
                cached.Remove("matches");
            }

            foreach (var (key, value) in fail)
            {
                if (value is not null)
                {
                    cached[key] = value;
                }
            }

            fail = cached;
            if ((flags & Forget) != 0)
            {
                Remove(id);
            }
        }
        else if ((flags & Forget) == 0)
        {
            users = AddUser(fail, fail.GetValueOrDefault("user") as string);
            Set(id, fail, at);
        }

        if (Pop(fail, "mlfpending") || users is { Count: > 1 })
        {
            // Pending failures or a second user name on the connection: this line counts after all.
            fail.Remove("nofail");
            fail.Remove("mlfgained");
            flags &= ~(Gained | NoFail);
        }

        if ((flags & NoFail) == 0)
        {
            fail.Remove("nofail-matches", out var earlier);
            var lines = new List<string>(earlier as List<string> ?? []);
            lines.AddRange(Fail2banFilter.Lines(fail, "matches"));
            if ((flags & Gained) == 0)
            {
                lines.Add(line);
            }

            fail["matches"] = lines;
        }
        else if ((flags & (NoFail | Forget)) == NoFail)
        {
            fail["nofail-matches"] = Fail2banFilter.Lines(fail, "nofail-matches").Append(line).ToList();
        }

        return fail;
    }

    private Dictionary<string, object?>? Get(string id, DateTimeOffset at)
    {
        if (!_connections.TryGetValue(id, out var entry))
        {
            return null;
        }

        if (entry.Value.Expires > at)
        {
            return entry.Value.Groups;
        }

        Remove(id);
        return null;
    }

    private void Set(string id, Dictionary<string, object?> groups, DateTimeOffset at)
    {
        if (_connections.TryGetValue(id, out var existing))
        {
            // A known id keeps its place, as in a dictionary that remembers insertion order.
            existing.Value = new Connection(id, groups, at + Lifetime);
            return;
        }

        // As fail2ban's Utils.Cache: when full, the oldest entry goes (expired ones first).
        while (_connections.Count >= Capacity)
        {
            var oldest = _order.First!.Value;
            Remove(oldest.Id);
            if (oldest.Expires > at && _connections.Count < Capacity)
            {
                break;
            }
        }

        _connections[id] = _order.AddLast(new Connection(id, groups, at + Lifetime));
    }

    private void Remove(string id)
    {
        if (_connections.Remove(id, out var node))
        {
            _order.Remove(node);
        }
    }

    private static HashSet<string>? AddUser(Dictionary<string, object?> groups, string? user)
    {
        var users = groups.GetValueOrDefault("users") as HashSet<string>;
        if (string.IsNullOrEmpty(user))
        {
            return users;
        }

        if (users is null || users.Count == 0)
        {
            users = new HashSet<string>(StringComparer.Ordinal);
            groups["users"] = users;
        }

        users.Add(user);
        return users;
    }

    private static bool Pop(Dictionary<string, object?> groups, string key) =>
        groups.Remove(key, out var value) && Fail2banFilter.Truthy(value);

    private sealed record Connection(string Id, Dictionary<string, object?> Groups, DateTimeOffset Expires);
}
