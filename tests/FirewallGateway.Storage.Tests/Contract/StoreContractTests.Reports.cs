using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task InsertReportAsync_EveryProvenanceField_RoundTrips()
    {
        var address = NextIPv6();
        var report = new BanReport(address, "web7", ReportSource.Graylog, "ssh brute force", TimeSpan.FromMinutes(90), T0.AddMilliseconds(123))
        {
            Host = "web7.example",
            Rule = "sshd-aggressive",
            Protocol = "tcp",
            Port = "22,2222",
            Failures = 12,
            Evidence = "Failed password for root from 2a00:1450::1\nFailed password for admin",
            DeduplicationKey = "graylog-event-01",
        };
        Decision decision;
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            decision = await tx.InsertDecisionAsync(NewDecision(address), Ct);
            await tx.InsertReportAsync(report, decision.Id, OutcomeCodes.Created, Ct);
            await tx.CommitAsync(Ct);
        }

        var stored = Assert.Single(await Decisions.ListReportsAsync(address, 10, Ct));

        Assert.Equal(report, stored.Report);
        Assert.Equal(decision.Id, stored.DecisionId);
        Assert.Equal(OutcomeCodes.Created, stored.Outcome);
        Assert.True(stored.Id > 0);
    }

    [Fact]
    public async Task InsertReportAsync_WithoutDecisionAndOptionalFields_StoresNulls()
    {
        var address = BanAddress.Parse("192.0.2.1");
        var report = new BanReport(address, "router", ReportSource.Syslog, "mikrotik-login", null, T0);
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.InsertReportAsync(report, null, OutcomeCodes.Reserved, Ct);
            await tx.CommitAsync(Ct);
        }

        var stored = Assert.Single(await Decisions.ListReportsAsync(address, 10, Ct));

        Assert.Equal(report, stored.Report);
        Assert.Null(stored.DecisionId);
        Assert.Equal(OutcomeCodes.Reserved, stored.Outcome);
    }

    [Fact]
    public async Task ListReportsAsync_ExactAddressOnly_NewestFirstAndLimited()
    {
        var block = BanAddress.Parse("1.0.9.0/24");
        var inside = BanAddress.Parse("1.0.9.5");
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            for (int i = 0; i < 3; i++)
            {
                await tx.InsertReportAsync(Some.Report(inside, T0.AddSeconds(i), reporter: $"r{i}"), null, OutcomeCodes.Merged, Ct);
            }

            await tx.InsertReportAsync(Some.Report(block, T0), null, OutcomeCodes.Created, Ct);
            await tx.CommitAsync(Ct);
        }

        var forInside = await Decisions.ListReportsAsync(inside, 2, Ct);
        var forBlock = await Decisions.ListReportsAsync(block, 10, Ct);

        Assert.Equal(["r2", "r1"], forInside.Select(r => r.Report.Reporter));
        Assert.Equal(block, Assert.Single(forBlock).Report.Address);
    }

    [Fact]
    public async Task ReportKeyExistsAsync_KeyStoredInThisOrAnEarlierTransaction_ReturnsTrue()
    {
        var address = NextIPv4();
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            Assert.False(await tx.ReportKeyExistsAsync("evt-1", Ct));
            await tx.InsertReportAsync(Some.Report(address) with { DeduplicationKey = "evt-1" }, null, OutcomeCodes.Created, Ct);
            Assert.True(await tx.ReportKeyExistsAsync("evt-1", Ct));
            await tx.CommitAsync(Ct);
        }

        await using var next = await Decisions.BeginWriteAsync(Ct);

        Assert.True(await next.ReportKeyExistsAsync("evt-1", Ct));
        Assert.False(await next.ReportKeyExistsAsync("evt-2", Ct));
    }

    [Fact]
    public async Task InsertReportAsync_DuplicateKeyInOneBatch_KeepsTheFirstAndDoesNotFailTheBatch()
    {
        var address = NextIPv4();
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.InsertReportAsync(Some.Report(address, reporter: "first") with { DeduplicationKey = "evt-9" }, null, OutcomeCodes.Created, Ct);
            await tx.InsertReportAsync(Some.Report(address, reporter: "second") with { DeduplicationKey = "evt-9" }, null, OutcomeCodes.Created, Ct);
            await tx.InsertReportAsync(Some.Report(address, reporter: "unkeyed"), null, OutcomeCodes.Merged, Ct);
            await tx.InsertReportAsync(Some.Report(address, reporter: "unkeyed-too"), null, OutcomeCodes.Merged, Ct);
            await tx.CommitAsync(Ct);
        }

        var reporters = (await Decisions.ListReportsAsync(address, 10, Ct)).Select(r => r.Report.Reporter);

        Assert.Equal(["unkeyed-too", "unkeyed", "first"], reporters);
    }
}
