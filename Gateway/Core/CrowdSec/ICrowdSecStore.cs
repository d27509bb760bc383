using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.CrowdSec;

/// <summary>
/// What the CrowdSec local API needs from the store: bouncers (one API key each, with their own stream cursor),
/// machines (CrowdSec agents that log in and post alerts), and the decisions in the shape a bouncer pulls.
/// </summary>
public interface ICrowdSecStore
{
    /// <summary>Adds a bouncer; false when the name is taken.</summary>
    ValueTask<bool> AddBouncerAsync(string name, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>Every bouncer with its last pull and how many changes wait for it.</summary>
    ValueTask<IReadOnlyList<BouncerStatus>> ListBouncersAsync(CancellationToken cancellationToken);

    ValueTask<bool> RemoveBouncerAsync(string name, CancellationToken cancellationToken);

    /// <summary>The bouncer holding the key whose SHA-256 is <paramref name="keyHash"/>, or null.</summary>
    ValueTask<string?> FindBouncerByKeyHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>
    /// The bouncer's next stream answer: every active decision when <paramref name="startup"/> (or on its first
    /// pull), else what became active or stopped being active since its last pull. Its cursor and last pull
    /// time move in the same call.
    /// </summary>
    ValueTask<BouncerFeed> PullBouncerAsync(string name, bool startup, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The active decisions whose block contains <paramref name="inner"/> (or, with <paramref name="contains"/> false, lies inside it); all when null.</summary>
    ValueTask<IReadOnlyList<BouncerDecision>> ActiveDecisionsAsync(BanAddress? inner, bool contains, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a pull by <c>GET /v1/decisions</c> (which has no cursor) as the bouncer's last contact.</summary>
    ValueTask RecordBouncerContactAsync(string name, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a machine's password hash.</summary>
    ValueTask UpsertMachineAsync(string machineId, string passwordHash, DateTimeOffset createdAt, CancellationToken cancellationToken);

    ValueTask<MachineRecord?> FindMachineAsync(string machineId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<MachineRecord>> ListMachinesAsync(CancellationToken cancellationToken);

    ValueTask<bool> RemoveMachineAsync(string machineId, CancellationToken cancellationToken);

    /// <summary>Records a login, alert or heartbeat of the machine.</summary>
    ValueTask RecordMachineContactAsync(string machineId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A bouncer as operators see it; <see cref="Pending"/> counts the changes it has not pulled yet.</summary>
public sealed record BouncerStatus(string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastPullAt, long Pending);

/// <summary>A CrowdSec machine (agent) allowed to log in; the password is only kept as a hash.</summary>
public sealed record MachineRecord(string MachineId, string PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt);

/// <summary>One decision as a bouncer receives it.</summary>
public sealed record BouncerDecision(long Id, BanAddress Address, ReportSource Origin, string Reason, DateTimeOffset ExpiresAt);

/// <summary>A stream answer: decisions to enforce and decisions to lift.</summary>
public sealed record BouncerFeed(IReadOnlyList<BouncerDecision> New, IReadOnlyList<BouncerDecision> Deleted);
