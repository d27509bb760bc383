using System.Globalization;
using System.Net;

namespace FirewallGateway.Emulators.RouterOs;

/// <summary>
/// The address lists of both menus, shared by all sessions. Entries with a timeout really expire (checked
/// against the emulator's clock on every access) and are dropped by a reboot. Thread-safe.
/// </summary>
internal sealed class AddressListTable
{
    public const string Menu4 = "/ip/firewall/address-list";
    public const string Menu6 = "/ipv6/firewall/address-list";

    private readonly object _lock = new();
    private readonly List<EmulatorEntry> _entries = [];
    private readonly TimeProvider _time;
    private int _nextId = 1;

    public AddressListTable(TimeProvider time)
    {
        _time = time;
    }

    public IReadOnlyList<EmulatorEntry> Snapshot()
    {
        lock (_lock)
        {
            Purge();
            return [.. _entries];
        }
    }

    public void DropDynamic()
    {
        lock (_lock)
        {
            _entries.RemoveAll(e => e.Dynamic);
        }
    }

    /// <summary>Adds an entry; returns its id, or the trap message.</summary>
    public (string? Id, string? Error, int Category) Add(string menu, IReadOnlyDictionary<string, string> args)
    {
        if (!args.TryGetValue("list", out string? list) || list.Length == 0)
        {
            return (null, "failure: list not specified", 1);
        }

        if (!args.TryGetValue("address", out string? raw) || Normalize(menu, raw) is not { } address)
        {
            return (null, $"invalid value for argument address", 1);
        }

        DateTimeOffset? expires = null;
        if (args.TryGetValue("timeout", out string? timeout) && timeout.Length > 0)
        {
            if (!EmulatorTime.TryParse(timeout, out var span))
            {
                return (null, "invalid value for argument timeout", 1);
            }

            expires = _time.GetUtcNow() + span;
        }

        lock (_lock)
        {
            Purge();
            if (_entries.Any(e => e.Menu == menu && e.List == list && e.Address == address))
            {
                return (null, "failure: already have such entry", -1);
            }

            string id = "*" + (_nextId++).ToString("X", CultureInfo.InvariantCulture);
            _entries.Add(new EmulatorEntry(id, menu, list, address, expires, args.GetValueOrDefault("comment")));
            return (id, null, 0);
        }
    }

    public string? Set(string menu, string id, IReadOnlyDictionary<string, string> args)
    {
        lock (_lock)
        {
            Purge();
            int index = _entries.FindIndex(e => e.Menu == menu && e.Id == id);
            if (index < 0)
            {
                return "no such item";
            }

            var entry = _entries[index];
            if (args.TryGetValue("timeout", out string? timeout))
            {
                if (!EmulatorTime.TryParse(timeout, out var span))
                {
                    return "invalid value for argument timeout";
                }

                entry = entry with { ExpiresAt = _time.GetUtcNow() + span };
            }

            if (args.TryGetValue("comment", out string? comment))
            {
                entry = entry with { Comment = comment };
            }

            _entries[index] = entry;
            return null;
        }
    }

    public string? Remove(string menu, string ids)
    {
        lock (_lock)
        {
            Purge();
            var wanted = ids.Split(',');
            if (wanted.Any(id => !_entries.Exists(e => e.Menu == menu && e.Id == id)))
            {
                return "no such item";
            }

            _entries.RemoveAll(e => e.Menu == menu && wanted.Contains(e.Id));
            return null;
        }
    }

    /// <summary>The rows of one menu as <c>print</c> shows them (every property).</summary>
    public List<Dictionary<string, string>> Rows(string menu)
    {
        lock (_lock)
        {
            Purge();
            var now = _time.GetUtcNow();
            return _entries.Where(e => e.Menu == menu).Select(e => Row(e, now)).ToList();
        }
    }

    /// <summary>A stored entry added from outside the API (an operator's own entry, say).</summary>
    public EmulatorEntry Insert(string menu, string list, string address, TimeSpan? timeout, string? comment)
    {
        lock (_lock)
        {
            string id = "*" + (_nextId++).ToString("X", CultureInfo.InvariantCulture);
            var entry = new EmulatorEntry(id, menu, list, Normalize(menu, address) ?? address, timeout is { } t ? _time.GetUtcNow() + t : null, comment);
            _entries.Add(entry);
            return entry;
        }
    }

    private static Dictionary<string, string> Row(EmulatorEntry e, DateTimeOffset now)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [".id"] = e.Id,
            ["list"] = e.List,
            ["address"] = e.Address,
            ["dynamic"] = e.Dynamic ? "true" : "false",
            ["disabled"] = "false",
            ["creation-time"] = "2026-01-01 00:00:00",
        };
        if (e.ExpiresAt is { } expires)
        {
            row["timeout"] = EmulatorTime.Format(expires - now);
        }

        if (e.Comment is not null)
        {
            row["comment"] = e.Comment;
        }

        return row;
    }

    /// <summary>IPv6 single addresses are stored as /128; IPv4 /32 loses its prefix; anything else is refused.</summary>
    private static string? Normalize(string menu, string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var ip) || parts[0].Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        bool v6 = menu == Menu6;
        if (v6 != (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) || (!v6 && parts[0].Count(c => c == '.') != 3))
        {
            return null;
        }

        int bits = v6 ? 128 : 32;
        int prefix = bits;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return null;
        }

        return !v6 && prefix == 32 ? ip.ToString() : $"{ip}/{prefix}";
    }

    private void Purge()
    {
        var now = _time.GetUtcNow();
        _entries.RemoveAll(e => e.ExpiresAt is { } at && at <= now);
    }
}
