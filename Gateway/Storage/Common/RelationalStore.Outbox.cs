using System.Globalization;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

internal abstract partial class RelationalStore
{
    public async ValueTask<IReadOnlyList<PendingChange>> TakeDueAsync(string target, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await ReadAsync(Sql.TakeDue, Rows.Change, cancellationToken, target, StoreCodes.ToUnixMs(now), Math.Max(0, max));

    public async ValueTask<DateTimeOffset?> NextDueAsync(string target, CancellationToken cancellationToken) =>
        await ReadScalarAsync(Sql.NextDue, cancellationToken, target) is { } value
            ? StoreCodes.FromUnixMs(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : null;

    public async ValueTask<int> CountPendingAsync(string target, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ReadScalarAsync(Sql.CountPending, cancellationToken, target), CultureInfo.InvariantCulture);

    public async ValueTask CompleteAsync(string target, IReadOnlyList<ChangeCompletion> completions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return;
        }

        long at = StoreCodes.ToUnixMs(now);
        await WriteAsync(
            async session =>
            {
                foreach (var completion in completions)
                {
                    var change = completion.Change;
                    string address = change.Address.ToString();
                    if (completion.Confirmed)
                    {
                        // A row replaced since it was taken has a new version and stays for the next round;
                        // the target still did apply this change, so its state is recorded either way.
                        await session.ExecuteAsync(Sql.DeleteConfirmed, cancellationToken, change.Id, change.Version);
                        string state = change.Kind == ChangeKind.Ban ? EnforcementStates.Applied : EnforcementStates.Removed;
                        await session.ExecuteAsync(Sql.RecordEnforcement, cancellationToken, target, address, state, null, at, change.Attempts);
                        continue;
                    }

                    long due = StoreCodes.ToUnixMs(completion.RetryAt ?? now);
                    var attempts = await session.ScalarAsync(
                        Sql.Reschedule, cancellationToken, due, completion.Error, at, change.Id, change.Version);
                    int recorded = attempts is null ? change.Attempts + 1 : Convert.ToInt32(attempts, CultureInfo.InvariantCulture);
                    await session.ExecuteAsync(
                        Sql.RecordEnforcement, cancellationToken, target, address, EnforcementStates.Failed, completion.Error, at, recorded);
                }

                return true;
            },
            cancellationToken);
    }

    public async ValueTask EnqueueAsync(string target, IReadOnlyList<OutboxItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }

        long at = StoreCodes.ToUnixMs(now);
        await WriteAsync(
            async session =>
            {
                foreach (var item in items)
                {
                    await session.ExecuteAsync(
                        Sql.EnqueueForTarget,
                        cancellationToken,
                        target,
                        StoreCodes.ToCode(item.Kind),
                        item.Address.ToString(),
                        item.DecisionId,
                        StoreCodes.ToUnixMs(item.ExpiresAt),
                        at);
                }

                return true;
            },
            cancellationToken);
    }
}
