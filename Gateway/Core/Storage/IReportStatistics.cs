namespace FirewallGateway.Core.Storage;

/// <summary>Counts over the stored reports for a period, for the report view and the e-mail report.</summary>
public interface IReportStatistics
{
    /// <summary>
    /// The addresses reported most often with <c>since &lt;= observed &lt; until</c> (operators' manual bans left out),
    /// with how many distinct servers reported each.
    /// </summary>
    ValueTask<IReadOnlyList<RankedCount>> TopAttackersAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The servers that reported most often in the period, by reporting host (the report's host, else the
    /// reporter login), with how many distinct addresses each reported.
    /// </summary>
    ValueTask<IReadOnlyList<RankedCount>> TopReportingHostsAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>All reports in the period (operators' manual bans left out).</summary>
    ValueTask<long> CountReportsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}

/// <summary>One ranked row: a name, its report count and the number of distinct counterparts.</summary>
public sealed record RankedCount(string Name, long Reports, long Distinct);
