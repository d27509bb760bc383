using System.Data;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>Operator locks limited to some targets.</summary>
internal abstract partial class RelationalStore : ILockTargetStore
{
    private static readonly SqlStatement InsertLockTarget = new(
        "INSERT INTO lock_targets (decision_id, target) VALUES (@id, @target) ON CONFLICT DO NOTHING",
        ("@id", DbType.Int64), ("@target", DbType.String));

    private static readonly SqlStatement ActiveLockTargets = new(
        "SELECT t.decision_id, t.target FROM lock_targets t JOIN decisions d ON d.id = t.decision_id WHERE d.state = 'active'");

    public async ValueTask LimitLockAsync(long decisionId, IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        await WriteAsync(
            async session =>
            {
                foreach (string target in targets)
                {
                    await session.ExecuteAsync(InsertLockTarget, cancellationToken, decisionId, target);
                }

                return true;
            },
            cancellationToken);
    }

    public async ValueTask<IReadOnlyDictionary<long, IReadOnlySet<string>>> ListLockLimitsAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(ActiveLockTargets, r => (Id: r.GetInt64(0), Target: r.GetString(1)), cancellationToken);
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(r => r.Target).ToHashSet(StringComparer.Ordinal));
    }
}
