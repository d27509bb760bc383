using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Storage;

/// <summary>
/// A registered server: its address, the reporter login its fail2ban action uses, how much it receives when
/// it is also a target, and whether it only reports (<see cref="Active"/> false: a honeypot). <see cref="Scope"/> is
/// "fleet" (receives bans from every server) or "group" (only from its own group); <see cref="AllowListId"/> is
/// the allow-list entry registering it created (source "server:&lt;name&gt;").
/// </summary>
public sealed record ServerRecord(
    string Name,
    BanAddress Address,
    string Credential,
    int? MaxAddresses,
    TimeSpan? BanDuration,
    string Scope,
    string? Group,
    bool Active,
    long? AllowListId,
    DateTimeOffset CreatedAt);
