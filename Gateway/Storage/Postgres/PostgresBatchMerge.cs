using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using Npgsql;
using NpgsqlTypes;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// The decision writer's batch as one call of <c>fg_merge_reports</c> (migration 0005, set-based since 0010): the
/// reports go as column arrays, the merge runs on the server, and the statement commits on its own: one round trip
/// per batch.
/// </summary>
internal static class PostgresBatchMerge
{
    private const string Call =
        "SELECT * FROM fg_merge_reports($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18," +
        " $19, $20, $21, $22, $23, $24)";

    // The targets' wake-up goes in a transaction of its own behind the batch (same round trip): a transaction
    // that notifies holds PostgreSQL's notification-queue lock through its commit, WAL flush included, which
    // would make the batches of all gateways commit one after the other. fg_merge_reports leaves in the session
    // whether it queued anything; a batch that failed leaves the previous value (at worst a spurious wake-up).
    private const string WakeTargets =
        "SELECT pg_notify('" + OutboxChannel.Name + "', t.name) FROM targets t" +
        " WHERE t.enabled AND current_setting('firewallgateway.batch_enqueued', true) = 'on'";

    public static async ValueTask<IReadOnlyList<BatchMergeResult>> RunAsync(
        NpgsqlConnection connection, IReadOnlyList<BatchMergeItem> items, BatchMergeRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Error barriers: each command is its own implicit transaction (the batch commits before the wake-up).
        await using var batch = new NpgsqlBatch(connection) { EnableErrorBarriers = true };
        var command = new NpgsqlBatchCommand(Call);
        batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(WakeTargets));
        AddColumns(command, items);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = UnixTicks(now) });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = rules.EscalationFactor });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rules.EscalationWindow.Ticks });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rules.MaximumBanDuration.Ticks });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rules.MinimumExtensionToPush.Ticks });
        Add(command, [.. items.Select(item => item.Report.Address.ToString())], NpgsqlDbType.Text);

        var results = new BatchMergeResult[items.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        int count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            int index = reader.GetInt32(0) - 1;
            string code = reader.GetString(1);
            // Columns 3..12: the decision as it stands after the report, in the column order of every decision read.
            var decision = reader.IsDBNull(3) ? null : Rows.Decision(reader, first: 3);
            results[index] = new BatchMergeResult(code, decision, reader.GetBoolean(2));
            count++;
        }

        // The wake-up's rows are not needed; reading to the end surfaces its error, if any.
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return count == items.Count
            ? results
            : throw new InvalidOperationException($"fg_merge_reports answered {count} of {items.Count} reports");
    }

    /// <summary>.NET ticks since the unix epoch: the server computes expiries to the tick as DecisionDurations does.</summary>
    private static long UnixTicks(DateTimeOffset value) => value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    private static void AddColumns(NpgsqlBatchCommand command, IReadOnlyList<BatchMergeItem> items)
    {
        int n = items.Count;
        var address = new string[n];
        var start = new byte[n][];
        var end = new byte[n][];
        var reporter = new string[n];
        var source = new string[n];
        var reason = new string[n];
        var requested = new long?[n];
        var observed = new long[n];
        var host = new string?[n];
        var rule = new string?[n];
        var protocol = new string?[n];
        var port = new string?[n];
        var failures = new int?[n];
        var evidence = new string?[n];
        var key = new string?[n];
        var filter = new string?[n];
        var echo = new bool[n];
        var baseTicks = new long[n];
        for (int i = 0; i < n; i++)
        {
            var item = items[i];
            var report = item.Report;
            // The decision's address (a widened IPv6 block); the report keeps the one it named (the last parameter).
            var banned = item.BannedAddress;
            address[i] = banned.ToString();
            start[i] = AddressRange.Start(banned);
            end[i] = AddressRange.End(banned);
            reporter[i] = report.Reporter;
            source[i] = StoreCodes.ToCode(report.Source);
            reason[i] = report.Reason;
            requested[i] = report.RequestedDuration is { } duration ? (long)duration.TotalMilliseconds : null;
            observed[i] = StoreCodes.ToUnixMs(report.ObservedAt);
            host[i] = report.Host;
            rule[i] = report.Rule;
            protocol[i] = report.Protocol;
            port[i] = report.Port;
            failures[i] = report.Failures;
            evidence[i] = report.Evidence;
            key[i] = report.DeduplicationKey;
            filter[i] = item.FilterCode;
            echo[i] = item.EchoReporter;
            baseTicks[i] = item.BaseDuration.Ticks;
        }

        Add(command, address, NpgsqlDbType.Text);
        Add(command, start, NpgsqlDbType.Bytea);
        Add(command, end, NpgsqlDbType.Bytea);
        Add(command, reporter, NpgsqlDbType.Text);
        Add(command, source, NpgsqlDbType.Text);
        Add(command, reason, NpgsqlDbType.Text);
        Add(command, requested, NpgsqlDbType.Bigint);
        Add(command, observed, NpgsqlDbType.Bigint);
        Add(command, host, NpgsqlDbType.Text);
        Add(command, rule, NpgsqlDbType.Text);
        Add(command, protocol, NpgsqlDbType.Text);
        Add(command, port, NpgsqlDbType.Text);
        Add(command, failures, NpgsqlDbType.Integer);
        Add(command, evidence, NpgsqlDbType.Text);
        Add(command, key, NpgsqlDbType.Text);
        Add(command, filter, NpgsqlDbType.Text);
        Add(command, echo, NpgsqlDbType.Boolean);
        Add(command, baseTicks, NpgsqlDbType.Bigint);
    }

    private static void Add<T>(NpgsqlBatchCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values });
}
