namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// Which rules look at a message, remembered per program name: a server's log has a handful of programs, so
/// one lookup per message replaces one program test per rule. Bounded: cleared when it holds
/// <see cref="Capacity"/> names (program names are sender-controlled). Not thread-safe: one engine owns it.
/// </summary>
internal sealed class ProgramRuleIndex
{
    public const int Capacity = 1024;

    private readonly DetectionRule[] _rules;
    private readonly Dictionary<string, bool[]> _byProgram = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool[] _scratch;

    public ProgramRuleIndex(DetectionRule[] rules)
    {
        _rules = rules;
        _scratch = new bool[rules.Length];
        _lookup = _byProgram.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Programs remembered now.</summary>
    public int Count => _byProgram.Count;

    /// <summary>One flag per rule; valid until the next call.</summary>
    public bool[] RulesFor(ReadOnlySpan<char> program, ReadOnlySpan<char> topics)
    {
        if (!topics.IsEmpty)
        {
            // MikroTik topic lists vary line by line; they are not worth remembering.
            Fill(_scratch, program, topics);
            return _scratch;
        }

        if (_lookup.TryGetValue(program, out var flags))
        {
            return flags;
        }

        if (_byProgram.Count >= Capacity)
        {
            _byProgram.Clear();
        }

        flags = new bool[_rules.Length];
        Fill(flags, program, topics);
        _lookup[program] = flags;
        return flags;
    }

    private void Fill(bool[] flags, ReadOnlySpan<char> program, ReadOnlySpan<char> topics)
    {
        for (int i = 0; i < _rules.Length; i++)
        {
            flags[i] = _rules[i].AppliesTo(program, topics);
        }
    }
}
