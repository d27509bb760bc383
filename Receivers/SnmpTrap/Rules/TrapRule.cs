namespace FirewallGateway.Receivers.SnmpTrap.Rules;

/// <summary>One compiled rule: which traps it takes, which varbind holds the address, and the thresholds.</summary>
internal sealed record TrapRule(string Name, OidPattern Trap, OidPattern Address, int MaxRetry, TimeSpan FindTime, TimeSpan? BanTime);
