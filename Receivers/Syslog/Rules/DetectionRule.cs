using System.Buffers;
using System.Collections.Frozen;
using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>One compiled rule: which messages it looks at, the cheap prefilter, the pattern and the thresholds.</summary>
internal sealed class DetectionRule
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _programs;
    private readonly string[] _programPrefixes;
    private readonly bool _anyProgram;
    private readonly SearchValues<string>? _prefilter;
    private readonly SearchValues<string>? _connectionOpeners;
    private readonly SearchValues<string>? _connectionLines;

    public DetectionRule(
        string name, bool builtIn, IEnumerable<string> programs, IReadOnlyCollection<string> prefilter, Regex pattern, int maxRetry, TimeSpan findTime, TimeSpan? banTime)
    {
        Name = name;
        BuiltIn = builtIn;
        Pattern = Fail2banFilter.Warm(pattern);
        MaxRetry = maxRetry;
        FindTime = findTime;
        BanTime = banTime;
        var all = programs.ToList();
        _anyProgram = all.Count == 0;
        _programPrefixes = all.Where(p => p.EndsWith('*')).Select(p => p[..^1]).ToArray();
        _programs = all.Where(p => !p.EndsWith('*')).ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefilter = prefilter.Count == 0 ? null : SearchValues.Create(prefilter.ToArray(), StringComparison.Ordinal);
        AddressGroup = pattern.GroupNumberFromName("address");
        UserGroup = pattern.GroupNumberFromName("user");
    }

    /// <summary>A built-in rule that also follows connections (sshd): see <see cref="ConnectionTracker"/>.</summary>
    public DetectionRule(
        string name, IEnumerable<string> programs, IReadOnlyCollection<string> prefilter, Regex pattern, ConnectionLines connections, int maxRetry, TimeSpan findTime, TimeSpan? banTime)
        : this(name, builtIn: true, programs, prefilter, pattern, maxRetry, findTime, banTime)
    {
        Connections = connections;
        _connectionOpeners = SearchValues.Create(connections.Openers, StringComparison.Ordinal);
        _connectionLines = SearchValues.Create([.. connections.Openers, .. connections.Closers], StringComparison.Ordinal);
    }

    /// <summary>An imported fail2ban filter: it looks at every message (its prefregex names the programs).</summary>
    public DetectionRule(string name, Fail2banFilter filter, int maxRetry, TimeSpan findTime, TimeSpan? banTime)
    {
        Name = name;
        Filter = filter;
        MaxRetry = maxRetry;
        FindTime = findTime;
        BanTime = banTime;
        _anyProgram = true;
        _programPrefixes = [];
        _programs = FrozenSet<string>.Empty.GetAlternateLookup<ReadOnlySpan<char>>();
        AddressGroup = -1;
        UserGroup = -1;
    }

    public string Name { get; }

    public bool BuiltIn { get; }

    /// <summary>The pattern of a built-in or operator rule; null for an imported fail2ban filter.</summary>
    public Regex? Pattern { get; }

    /// <summary>The connection lines the rule follows (built-in sshd), or null.</summary>
    public ConnectionLines? Connections { get; }

    /// <summary>The imported fail2ban filter, or null.</summary>
    public Fail2banFilter? Filter { get; }

    public int MaxRetry { get; }

    public TimeSpan FindTime { get; }

    public TimeSpan? BanTime { get; }

    public int AddressGroup { get; }

    /// <summary>The <c>user</c> group's number, or -1.</summary>
    public int UserGroup { get; }

    /// <summary>
    /// True when the message's program or one of its topics is the rule's. A message that names neither (a bare
    /// line, MikroTik bsd-syslog without topics) is looked at by every rule; the prefilter and pattern decide.
    /// </summary>
    public bool AppliesTo(ReadOnlySpan<char> program, ReadOnlySpan<char> topics)
    {
        if (_anyProgram || (program.IsEmpty && topics.IsEmpty))
        {
            return true;
        }

        if (!program.IsEmpty && (_programs.Contains(program) || HasPrefix(program)))
        {
            return true;
        }

        foreach (var range in topics.Split(','))
        {
            if (_programs.Contains(topics[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cheap test before any regex: one vectorised search for all literals at once.</summary>
    public bool PassesPrefilter(ReadOnlySpan<char> text) => _prefilter is null || text.IndexOfAny(_prefilter) >= 0;

    /// <summary>Whether the text may be one of <see cref="Connections"/>' lines (<paramref name="kept"/>: of a connection already kept).</summary>
    public bool PassesConnectionPrefilter(ReadOnlySpan<char> text, bool kept) =>
        (kept ? _connectionLines : _connectionOpeners) is { } literals && text.IndexOfAny(literals) >= 0;

    private bool HasPrefix(ReadOnlySpan<char> program)
    {
        foreach (string prefix in _programPrefixes)
        {
            if (program.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
