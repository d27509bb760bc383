namespace FirewallGateway.Core.Decisions;

/// <summary>What the core made of a report.</summary>
public abstract record ReportOutcome
{
    private ReportOutcome()
    {
    }

    /// <summary>The report is stored and the address is (still) banned.</summary>
    /// <param name="Decision">The decision that bans the address.</param>
    /// <param name="Created">True when this report created the decision rather than merged into it.</param>
    public sealed record Accepted(Decision Decision, bool Created) : ReportOutcome;

    /// <summary>The report is stored, but policy keeps the address unbanned (reserved range, allow-list).</summary>
    public sealed record Ignored(string Code, string Why) : ReportOutcome;

    /// <summary>The report was not stored: it was a duplicate delivery or the gateway refused it.</summary>
    public sealed record Rejected(string Code, string Why) : ReportOutcome;
}
