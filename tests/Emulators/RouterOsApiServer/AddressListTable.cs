using System.Globalization;
using System.Net;

namespace FirewallGateway.Emulators.RouterOs;

/// <summary>
/// The address lists of both menus, shared by all sessions. Entries with a timeout really expire (checked
/// against the emulator's clock on every access) and are dropped by a reboot. Thread-safe.
/// </summary>
internal sealed partial class AddressListTable
{
    public const string Menu4 = "/ip/firewall/address-list";
    public const string Menu6 = "/ipv6/firewall/address-list";

    private readonly object _lock = new();
    private readonly Dictionary<string, EmulatorEntry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Menu, string List, string Address), string> _byKey = [];
    private readonly PriorityQueue<string, DateTimeOffset> _expiry = new();
    private readonly TimeProvider _time;
    private int _nextId = 1;

    public AddressListTable(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The trap text for an id that does not exist (RouterOS says "no such item" or "invalid internal item number").</summary>
    public string MissingItemMessage { get; set; } = "no such item";

    public IReadOnlyList<EmulatorEntry> Snapshot()
    {
        lock (_lock)
        {
            Purge();
            return [.. Ordered(_byId.Values)];
        }
    }

    public void DropDynamic()
    {
        lock (_lock)
        {
            foreach (var entry in _byId.Values.Where(e => e.Dynamic).ToList())
            {
                Delete(entry);
            }
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
            if (_byKey.ContainsKey((menu, list, address)))
            {
                return (null, "failure: already have such entry", -1);
            }

            return (Store(menu, list, address, expires, args.GetValueOrDefault("comment")).Id, null, 0);
        }
    }

    public string? Set(string menu, string id, IReadOnlyDictionary<string, string> args)
    {
        lock (_lock)
        {
            Purge();
            if (!_byId.TryGetValue(id, out var entry) || entry.Menu != menu)
            {
                return MissingItemMessage;
            }

            if (args.TryGetValue("timeout", out string? timeout))
            {
                if (!EmulatorTime.TryParse(timeout, out var span))
                {
                    return "invalid value for argument timeout";
                }

                entry = entry with { ExpiresAt = _time.GetUtcNow() + span };
                _expiry.Enqueue(entry.Id, entry.ExpiresAt.Value);
            }

            if (args.TryGetValue("comment", out string? comment))
            {
                entry = entry with { Comment = comment };
            }

            _byId[id] = entry;
            return null;
        }
    }

    public string? Remove(string menu, string ids)
    {
        lock (_lock)
        {
            Purge();
            var wanted = ids.Split(',');
            if (wanted.Any(id => !_byId.TryGetValue(id, out var e) || e.Menu != menu))
            {
                return MissingItemMessage;
            }

            foreach (string id in wanted)
            {
                Delete(_byId[id]);
            }

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
            return Ordered(_byId.Values.Where(e => e.Menu == menu)).Select(e => Row(e, now)).ToList();
        }
    }

    /// <summary>A stored entry added from outside the API (an operator's own entry, say).</summary>
    public EmulatorEntry Insert(string menu, string list, string address, TimeSpan? timeout, string? comment)
    {
        lock (_lock)
        {
            return Store(menu, list, Normalize(menu, address) ?? address, timeout is { } t ? _time.GetUtcNow() + t : null, comment);
        }
    }

    private EmulatorEntry Store(string menu, string list, string address, DateTimeOffset? expires, string? comment)
    {
        string id = "*" + (_nextId++).ToString("X", CultureInfo.InvariantCulture);
        var entry = new EmulatorEntry(id, menu, list, address, expires, comment);
        _byId[id] = entry;
        _byKey[(menu, list, address)] = id;
        if (expires is { } at)
        {
            _expiry.Enqueue(id, at);
        }

        return entry;
    }

    private void Delete(EmulatorEntry entry)
    {
        _byId.Remove(entry.Id);
        _byKey.Remove((entry.Menu, entry.List, entry.Address));
    }

    private static IEnumerable<EmulatorEntry> Ordered(IEnumerable<EmulatorEntry> entries) =>
        entries.OrderBy(e => int.Parse(e.Id.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

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

    /// <summary>
    /// As a router stores an address: the network of a prefix (<c>1.0.1.7/24</c> is <c>1.0.1.0/24</c>), IPv6 single
    /// addresses as /128, IPv4 /32 without its prefix, an IPv4 range <c>a-b</c> as its prefix when it is exactly one
    /// (else as the range), a DNS name as given (the router resolves it). Anything else is refused.
    /// </summary>
    private static string? Normalize(string menu, string text)
    {
        bool v6 = menu == Menu6;
        if (!v6 && text.Split('-') is [var first, var last] && ParseIPv4(first) is { } from && ParseIPv4(last) is { } to && from <= to)
        {
            return RangeAsPrefix(from, to) ?? $"{Format(from)}-{Format(to)}";
        }

        if (HostName().IsMatch(text) && text.Any(char.IsAsciiLetter) && !text.Contains(':', StringComparison.Ordinal))
        {
            return text;
        }

        string[] parts = text.Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var ip) || parts[0].Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

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

        var network = Mask(ip, prefix);
        return !v6 && prefix == 32 ? network.ToString() : $"{network}/{prefix}";
    }

    private static IPAddress Mask(IPAddress ip, int prefix)
    {
        byte[] bytes = ip.GetAddressBytes();
        for (int bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }

    private static uint? ParseIPv4(string text) =>
        text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes())
            : null;

    private static string Format(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes).ToString();
    }

    private static string? RangeAsPrefix(uint from, uint to)
    {
        ulong size = (ulong)to - from + 1;
        if ((size & (size - 1)) != 0 || from % size != 0)
        {
            return null;
        }

        int prefix = 32 - System.Numerics.BitOperations.Log2(size);
        return prefix == 32 ? Format(from) : $"{Format(from)}/{prefix}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z")]
    private static partial System.Text.RegularExpressions.Regex HostName();

    /// <summary>Drops every entry whose time is up; a renewed entry has a later queue item of its own.</summary>
    private void Purge()
    {
        var now = _time.GetUtcNow();
        while (_expiry.TryPeek(out string? id, out var at) && at <= now)
        {
            _expiry.Dequeue();
            if (_byId.TryGetValue(id, out var entry) && entry.ExpiresAt is { } expires && expires <= now)
            {
                Delete(entry);
            }
        }
    }
}
