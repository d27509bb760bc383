using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Decisions;

public class ReportMergerTests
{
    private readonly FakeTimeProvider _time = new(Some.Start);
    private readonly RecordingTransaction _tx = new();
    private readonly PolicyOptions _policy = new();

    private readonly List<ProtectedAddress> _protected = [];

    private ReportMerger Merger()
    {
        var filter = new AddressFilter(Microsoft.Extensions.Options.Options.Create(_policy), _time);
        filter.ReplaceProtected(_protected);
        return new ReportMerger(filter, _policy);
    }

    private ValueTask<ReportOutcome> Merge(BanReport report) =>
        Merger().MergeAsync(_tx, report, _time.GetUtcNow(), () => { }, CancellationToken.None);

    [Fact]
    public async Task MergeAsync_FirstReport_CreatesDecisionWithDefaultDurationAndQueuesBan()
    {
        var address = Some.PublicIPv4();
        var outcome = await Merge(Some.Report(address));

        var accepted = Assert.IsType<ReportOutcome.Accepted>(outcome);
        Assert.True(accepted.Created);
        Assert.Equal(Some.Start + _policy.DefaultBanDuration, accepted.Decision.ExpiresAt);
        Assert.Equal(ChangeKind.Ban, Assert.Single(_tx.Enqueued).Kind);
        Assert.Equal(OutcomeCodes.Created, Assert.Single(_tx.Reports).Outcome);
    }

    [Fact]
    public async Task MergeAsync_BlockCoveringProtectedHost_StoredAsProtectedNoDecisionNoChange()
    {
        _protected.Add(new ProtectedAddress(BanAddress.Parse("1.0.3.4"), "target 'edge' host 1.0.3.4"));

        var outcome = await Merge(Some.Report(BanAddress.Parse("1.0.3.0/24")));

        var ignored = Assert.IsType<ReportOutcome.Ignored>(outcome);
        Assert.Equal(OutcomeCodes.Protected, ignored.Code);
        Assert.Contains("covers target 'edge' host 1.0.3.4", ignored.Why, StringComparison.Ordinal);
        Assert.Equal(OutcomeCodes.Protected, Assert.Single(_tx.Reports).Outcome);
        Assert.Empty(_tx.Enqueued);
    }

    [Fact]
    public async Task MergeAsync_RequestedDuration_IsClampedToPolicy()
    {
        var longOne = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(Some.PublicIPv4(), duration: TimeSpan.FromDays(400))));
        var shortOne = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(Some.PublicIPv4(), duration: TimeSpan.FromSeconds(2))));
        var permanent = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(Some.PublicIPv4(), duration: TimeSpan.MaxValue)));

        Assert.Equal(Some.Start + _policy.MaximumBanDuration, longOne.Decision.ExpiresAt);
        Assert.Equal(Some.Start + _policy.MinimumBanDuration, shortOne.Decision.ExpiresAt);
        Assert.Equal(Some.Start + _policy.MaximumBanDuration, permanent.Decision.ExpiresAt);
    }

    [Fact]
    public async Task MergeAsync_RepeatWhileActive_MergesIntoOneDecision()
    {
        var address = Some.PublicIPv6();
        await Merge(Some.Report(address, duration: TimeSpan.FromHours(1)));
        _time.Advance(TimeSpan.FromMinutes(30));
        var outcome = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(address, _time.GetUtcNow(), "web2", TimeSpan.FromHours(1))));

        Assert.False(outcome.Created);
        Assert.Single(_tx.Decisions);
        Assert.Equal(2, outcome.Decision.ReportCount);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(1), outcome.Decision.ExpiresAt);
        Assert.Equal(2, _tx.Enqueued.Count);
    }

    [Fact]
    public async Task MergeAsync_RepeatOffender_EscalatesUpToMaximum()
    {
        _policy.EscalationFactor = 4;
        _policy.MaximumBanDuration = TimeSpan.FromHours(20);
        var address = Some.PublicIPv4();
        var expected = new[] { 1, 4, 16, 20 };
        foreach (int hours in expected)
        {
            var outcome = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(address, _time.GetUtcNow(), duration: TimeSpan.FromHours(1))));
            Assert.True(outcome.Created);
            Assert.Equal(TimeSpan.FromHours(hours), outcome.Decision.ExpiresAt - _time.GetUtcNow());
            _time.Advance(outcome.Decision.ExpiresAt - _time.GetUtcNow() + TimeSpan.FromSeconds(1));
        }

        Assert.All(_tx.Decisions.SkipLast(1), d => Assert.Equal(DecisionState.Expired, d.State));
    }

    [Fact]
    public async Task MergeAsync_AllowListedAddress_StoresReportAndBansNothing()
    {
        _policy.AllowList.Add(new AllowListItemOptions { Address = "1.0.9.0/24", Comment = "partner" });
        var outcome = Assert.IsType<ReportOutcome.Ignored>(await Merge(Some.Report(BanAddress.Parse("1.0.9.7"))));

        Assert.Equal(OutcomeCodes.AllowListed, outcome.Code);
        Assert.Contains("partner", outcome.Why, StringComparison.Ordinal);
        Assert.Empty(_tx.Decisions);
        Assert.Empty(_tx.Enqueued);
        Assert.Equal(OutcomeCodes.AllowListed, Assert.Single(_tx.Reports).Outcome);
    }

    [Fact]
    public async Task MergeAsync_SameDeduplicationKeyTwice_RejectsTheSecond()
    {
        var report = Some.Report(Some.PublicIPv4()) with { DeduplicationKey = "graylog:event-1:1.0.0.1" };
        await Merge(report);
        var second = Assert.IsType<ReportOutcome.Rejected>(await Merge(report));

        Assert.Equal(OutcomeCodes.Duplicate, second.Code);
        Assert.Single(_tx.Reports);
    }

    [Fact]
    public async Task MergeAsync_EchoReporterAboutBannedAddress_NeverExtends()
    {
        _policy.EchoReporters.Add("firewall");
        var address = Some.PublicIPv4();
        var first = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(address)));
        _time.Advance(TimeSpan.FromHours(1));
        var echo = Assert.IsType<ReportOutcome.Ignored>(await Merge(Some.Report(address, _time.GetUtcNow(), "firewall", TimeSpan.FromDays(7))));

        Assert.Equal(OutcomeCodes.Echo, echo.Code);
        Assert.Equal(first.Decision.ExpiresAt, Assert.Single(_tx.Decisions).ExpiresAt);
        Assert.Single(_tx.Enqueued);
    }

    [Fact]
    public async Task MergeAsync_EchoReporterAboutNewAddress_CreatesDecision()
    {
        _policy.EchoReporters.Add("firewall");
        Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(Some.PublicIPv4(), reporter: "firewall")));
    }

    [Fact]
    public async Task MergeAsync_ReservedAddress_IgnoredWithBlockName()
    {
        var outcome = Assert.IsType<ReportOutcome.Ignored>(await Merge(Some.Report(BanAddress.Parse("192.168.1.10"))));
        Assert.Equal(OutcomeCodes.Reserved, outcome.Code);
        Assert.Contains("192.168.0.0/16", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_IPv6WideningOff_BansTheSingleAddress()
    {
        var outcome = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(BanAddress.Parse("2a01:4f8:10:20::5"))));
        Assert.Equal("2a01:4f8:10:20::5", outcome.Decision.Address.ToString());
    }

    [Fact]
    public async Task MergeAsync_IPv6Widening_RotatingAttackerMergesIntoOnePrefixDecision()
    {
        _policy.IPv6BanPrefix = 64;
        var first = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(BanAddress.Parse("2a01:4f8:10:20::5"))));
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = Assert.IsType<ReportOutcome.Accepted>(
            await Merge(Some.Report(BanAddress.Parse("2a01:4f8:10:20:aaaa::9"), _time.GetUtcNow())));

        Assert.Equal("2a01:4f8:10:20::/64", first.Decision.Address.ToString());
        Assert.False(second.Created);
        Assert.Equal(2, Assert.Single(_tx.Decisions).ReportCount);
        // Each report keeps the address it named, for the operator and for evidence.
        Assert.Equal(["2a01:4f8:10:20::5", "2a01:4f8:10:20:aaaa::9"], _tx.Reports.Select(r => r.Report.Address.ToString()));
    }

    [Fact]
    public async Task MergeAsync_IPv6WideningWouldCoverAllowListedAddress_BansOnlyTheSingleAddress()
    {
        _policy.IPv6BanPrefix = 64;
        _policy.AllowList.Add(new AllowListItemOptions { Address = "2a01:4f8:10:20::1", Comment = "our mail server" });

        var outcome = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(BanAddress.Parse("2a01:4f8:10:20::5"))));

        Assert.Equal("2a01:4f8:10:20::5", outcome.Decision.Address.ToString());
    }

    [Fact]
    public async Task MergeAsync_IPv6WideningIPv4AndOperatorBans_Unchanged()
    {
        _policy.IPv6BanPrefix = 64;
        var v4 = Assert.IsType<ReportOutcome.Accepted>(await Merge(Some.Report(BanAddress.Parse("1.0.1.5"))));
        var manual = Assert.IsType<ReportOutcome.Accepted>(
            await Merge(Some.Report(BanAddress.Parse("2a01:4f8:10:30::5")) with { Source = ReportSource.Operator }));

        Assert.Equal("1.0.1.5", v4.Decision.Address.ToString());
        Assert.Equal("2a01:4f8:10:30::5", manual.Decision.Address.ToString());
    }
}
