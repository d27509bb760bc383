namespace FirewallGateway.Receivers.SnmpTrap.Rules;

/// <summary>Turns <c>Receivers:SnmpTrap:Rules</c> into compiled rules, naming each bad key in the errors list.</summary>
internal static class TrapRuleSetBuilder
{
    public static List<TrapRule> Build(SnmpTrapReceiverOptions options, List<string> errors)
    {
        var rules = new List<TrapRule>();
        foreach (var (name, rule) in options.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            string key = $"{SnmpTrapReceiverOptions.SectionName}:Rules:{name}";
            if (!rule.Enabled)
            {
                continue;
            }

            bool ok = true;
            if (!OidPattern.TryParse(rule.TrapOid, out var trap))
            {
                errors.Add($"{key}:TrapOid '{rule.TrapOid}' is not a dotted OID (1.3.6.1.4.1.9.9.599.0.4) or a prefix ending in .* (required)");
                ok = false;
            }

            if (!OidPattern.TryParse(rule.AddressOid, out var address))
            {
                errors.Add($"{key}:AddressOid '{rule.AddressOid}' is not a dotted OID or a prefix ending in .* (required)");
                ok = false;
            }

            if (ok)
            {
                rules.Add(new TrapRule(name, trap, address, rule.MaxRetry, rule.FindTime, rule.BanTime));
            }
        }

        return rules;
    }
}
