using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Options;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Core.Tests.Fleet;

public sealed class RangeFoldingTests : IDisposable
{
    private readonly FoldingSetup _setup = new();
    private readonly PolicyOptions _policy;
    private readonly AddressFilter _filter;

    public RangeFoldingTests()
    {
        _policy = _setup.Policy;
        _filter = _setup.Filter;
    }

    public void Dispose() => _setup.Dispose();

    private RangeFolding Folding() => _setup.Folding();

    [Fact]
    public void Fold_EightAddressesOfA24_OneRangeWithSummedReportsAndLatestExpiry()
    {
        var members = Enumerable.Range(1, 8).Select(i => Candidate($"1.0.1.{i}", id: i, reports: 2, hours: i)).ToList();
        var outsider = Candidate("1.0.2.1", id: 9);

        var (entries, view) = Folding().Fold("edge", [.. members, outsider]);

        var range = Assert.Single(view!.Ranges.Values);
        Assert.Equal(BanAddress.Parse("1.0.1.0/24"), range.Range);
        Assert.Equal(Some.Start.AddHours(8), range.Until);
        Assert.Equal(members.Select(m => m.Decision.Address).Order(), range.Members.Order());
        Assert.Equal(2, entries.Count);
        var folded = entries.Single(e => e.Decision.Address == range.Range);
        Assert.Equal((0L, 16, Some.Start.AddHours(8)), (folded.Decision.Id, folded.Decision.ReportCount, folded.Until));
        Assert.Contains(outsider, entries);
        Assert.Equal(range.Range, view.RangeHolding(BanAddress.Parse("1.0.1.5")));
        Assert.Null(view.RangeHolding(BanAddress.Parse("1.0.1.200")));
        Assert.Null(view.RangeHolding(outsider.Decision.Address));
    }

    [Fact]
    public void Fold_SevenAddressesOfA24_NothingFolds()
    {
        var candidates = Enumerable.Range(1, 7).Select(i => Candidate($"1.0.1.{i}", id: i)).ToList();

        var (entries, view) = Folding().Fold("edge", candidates);

        Assert.Empty(view!.Ranges);
        Assert.Equal(candidates, entries);
    }

    [Fact]
    public void Fold_TargetNotNamed_CandidatesUnchangedAndNoView()
    {
        var candidates = Enumerable.Range(1, 20).Select(i => Candidate($"1.0.1.{i}", id: i)).ToList();

        var (entries, view) = Folding().Fold("local", candidates);

        Assert.Null(view);
        Assert.Same(candidates, entries);
    }

    [Fact]
    public void Fold_AllowListedAddressInsideThePrefix_PrefixNeverFolds()
    {
        _filter.ReplaceStoredEntries([new AllowListEntry(1, BanAddress.Parse("1.0.1.200"), "partner", true, null, "api", Some.Start)]);
        var candidates = Enumerable.Range(1, 20).Select(i => Candidate($"1.0.1.{i}", id: i)).ToList();

        var (entries, view) = Folding().Fold("edge", candidates);

        Assert.Empty(view!.Ranges);
        Assert.Equal(20, entries.Count);
    }

    [Fact]
    public void Fold_ProtectedAddressInsideThePrefix_PrefixNeverFolds()
    {
        _filter.ReplaceProtected([new ProtectedAddress(BanAddress.Parse("1.0.1.254"), "target 'edge' host 1.0.1.254")]);
        var candidates = Enumerable.Range(1, 20).Select(i => Candidate($"1.0.1.{i}", id: i)).ToList();

        Assert.Empty(Folding().Fold("edge", candidates).View!.Ranges);
    }

    [Fact]
    public void Fold_PrefixIsADecisionItself_LeftAsItIs()
    {
        var candidates = Enumerable.Range(1, 8).Select(i => Candidate($"1.0.1.{i}", id: i)).Append(Candidate("1.0.1.0/24", id: 50)).ToList();

        var (entries, view) = Folding().Fold("edge", candidates);

        Assert.Empty(view!.Ranges);
        Assert.Equal(9, entries.Count);
    }

    [Fact]
    public void Fold_FourIPv6AddressesOfA64_FoldIntoThe64()
    {
        var candidates = new[] { "2a01:4f8:10:20::1", "2a01:4f8:10:20::2", "2a01:4f8:10:20:1::3", "2a01:4f8:10:20:ffff::4" }
            .Select((a, i) => Candidate(a, id: i + 1)).ToList();

        var (entries, view) = Folding().Fold("edge", candidates);

        Assert.Equal(BanAddress.Parse("2a01:4f8:10:20::/64"), Assert.Single(view!.Ranges.Keys));
        Assert.Single(entries);
    }

    [Fact]
    public void Fold_ConfiguredThresholdAndPrefix_Honoured()
    {
        _policy.RangeFolding.IPv4Prefix = 28;
        _policy.RangeFolding.IPv4MinAddresses = 3;
        var candidates = new[] { "1.0.1.1", "1.0.1.2", "1.0.1.3", "1.0.1.17", "1.0.1.18" }.Select((a, i) => Candidate(a, id: i + 1)).ToList();

        var (entries, view) = Folding().Fold("edge", candidates);

        Assert.Equal(BanAddress.Parse("1.0.1.0/28"), Assert.Single(view!.Ranges.Keys));
        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public void FoldThenBudget_HundredThousandAddressesOf400Prefixes_FitA10000Budget()
    {
        _policy.TargetMaxEntries["edge"] = 10_000;
        var candidates = Enumerable.Range(0, 100_000)
            .Select(n => Candidate($"1.{1 + (n / 250 / 256)}.{n / 250 % 256}.{1 + (n % 250)}", id: n + 1))
            .ToList();
        var folding = Folding();

        var (entries, view) = folding.Fold("edge", candidates);
        var kept = new TargetBudgets(Microsoft.Extensions.Options.Options.Create(_policy), _setup.Meters)
            .Apply("edge", entries, 10_000);
        var held = folding.Held("edge", view, kept, kept.ToDictionary(k => k.Decision.Address, k => k.Until));

        Assert.Equal(400, kept.Count);
        Assert.Equal(400, held!.Ranges.Count);
        Assert.Equal(100_000, held.FoldedAddresses);
    }

    [Fact]
    public void Held_BudgetDroppedARange_ViewOnlyNamesHeldRanges()
    {
        var candidates = Enumerable.Range(1, 8).Select(i => Candidate($"1.0.1.{i}", id: i))
            .Concat(Enumerable.Range(1, 8).Select(i => Candidate($"1.0.2.{i}", id: 10 + i))).ToList();
        var folding = Folding();
        var (entries, view) = folding.Fold("edge", candidates);
        var kept = entries.Where(e => e.Decision.Address == BanAddress.Parse("1.0.2.0/24")).ToList();

        var held = folding.Held("edge", view, kept, kept.ToDictionary(k => k.Decision.Address, k => k.Until));

        Assert.Equal(BanAddress.Parse("1.0.2.0/24"), Assert.Single(held!.Ranges.Keys));
        Assert.Null(held.RangeHolding(BanAddress.Parse("1.0.1.1")));
    }

    private static (Decision Decision, DateTimeOffset Until) Candidate(string address, long id, int reports = 1, int hours = 4)
    {
        var until = Some.Start.AddHours(hours);
        return (new Decision(id, BanAddress.Parse(address), ReportSource.Fail2ban, "sshd", Some.Start, Some.Start, until, reports, DecisionState.Active), until);
    }
}
