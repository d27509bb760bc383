using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Rules;

/// <summary>
/// Runs every rule over a trap's varbinds: the trap OID (snmpTrapOID.0) picks the rules, each rule's address
/// varbind gives the address, and the syslog receiver's <see cref="FailureWindow"/> counts it per rule, so traps
/// and syslog lines share one threshold machinery. One worker owns a matcher (the windows are not thread-safe).
/// </summary>
internal sealed class TrapMatcher
{
    /// <summary>snmpTrapOID.0 (RFC 3416 §4.2.6): the second varbind of every v2 trap and inform.</summary>
    public static readonly Oid SnmpTrapOid = Oid.Parse("1.3.6.1.6.3.1.1.4.1.0");

    private readonly TrapRule[] _rules;
    private readonly FailureWindow[] _windows;

    public TrapMatcher(IReadOnlyList<TrapRule> rules, int maxTrackedAddresses)
    {
        _rules = [.. rules];
        _windows = [.. rules.Select(r => new FailureWindow(r.MaxRetry, r.FindTime, maxTrackedAddresses))];
    }

    public IReadOnlyList<TrapRule> Rules => _rules;

    /// <summary>
    /// Adds a match per rule that took the trap. Returns null when at least one rule matched, otherwise the
    /// reject reason (no snmpTrapOID.0, no rule for the trap, no address varbind, a value that is no address).
    /// </summary>
    public string? Process(IReadOnlyList<VarBind> varBinds, DateTimeOffset at, List<TrapMatch> matches)
    {
        if (FindTrapOid(varBinds) is not { } trapOid)
        {
            return TrapRejectReasons.NoTrapOid;
        }

        string reject = TrapRejectReasons.UnknownTrapOid;
        bool matched = false;
        for (int i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!rule.Trap.Matches(trapOid))
            {
                continue;
            }

            var addressVarBind = FindAddress(rule, varBinds);
            if (addressVarBind is null)
            {
                reject = TrapRejectReasons.NoAddressVarBind;
                continue;
            }

            if (!TrapAddress.TryRead(addressVarBind.Value, out var host))
            {
                reject = TrapRejectReasons.NotAnAddress;
                continue;
            }

            matches.Add(new TrapMatch(rule, host, trapOid, addressVarBind, _windows[i].Record(host, at)));
            matched = true;
        }

        return matched ? null : reject;
    }

    private static Oid? FindTrapOid(IReadOnlyList<VarBind> varBinds)
    {
        // RFC 3416 puts it second (after sysUpTime.0); some senders reorder, so any position is accepted.
        foreach (var varBind in varBinds)
        {
            if (varBind.Oid.Equals(SnmpTrapOid) && varBind.Value.Kind == SnmpValueKind.ObjectIdentifier)
            {
                return varBind.Value.AsOid();
            }
        }

        return null;
    }

    private static VarBind? FindAddress(TrapRule rule, IReadOnlyList<VarBind> varBinds)
    {
        foreach (var varBind in varBinds)
        {
            if (rule.Address.Matches(varBind.Oid))
            {
                return varBind;
            }
        }

        return null;
    }
}
