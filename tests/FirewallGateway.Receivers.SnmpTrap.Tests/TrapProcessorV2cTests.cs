using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Tests;

public sealed class TrapProcessorV2cTests
{
    [Fact]
    public async Task Traps_ReachingMaxRetry_FileOneReportWithItsProvenance_AndAreNeverAnswered()
    {
        await using var harness = ProcessorHarness.Create();

        Assert.Null(harness.Send(ProcessorHarness.V2c(PduType.SNMPv2Trap, "1.0.60.1")));
        Assert.Null(harness.Send(ProcessorHarness.V2c(PduType.SNMPv2Trap, "1.0.60.1")));

        var report = await harness.WaitForReportAsync("1.0.60.1");
        Assert.Equal(ReportSource.SnmpTrap, report.Source);
        Assert.Equal("snmp:127.0.0.1", report.Reporter);
        Assert.Equal("ips", report.Rule);
        Assert.Equal(2, report.Failures);
        Assert.Contains(ProcessorHarness.TrapOid, report.Evidence, StringComparison.Ordinal);
        Assert.Contains("1.0.60.1", report.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inform_IsAnsweredWithAResponseCarryingItsRequestIdAndVarBinds()
    {
        await using var harness = ProcessorHarness.Create();

        byte[]? answer = harness.Send(ProcessorHarness.V2c(PduType.InformRequest, "1.0.60.2", requestId: 4711));

        var response = Assert.IsType<SnmpV2cMessage>(SnmpCodec.Decode(answer));
        Assert.Equal(ProcessorHarness.Community, response.CommunityText);
        Assert.Equal(PduType.Response, response.Pdu.Type);
        Assert.Equal(4711, response.Pdu.RequestId);
        Assert.Equal(0, response.Pdu.ErrorStatus);
        Assert.Equal(ProcessorHarness.VarBinds("1.0.60.2"), response.Pdu.VarBinds);
    }

    [Fact]
    public async Task InformForAnUnknownTrap_IsStillAnswered_AndCounted()
    {
        await using var harness = ProcessorHarness.Create();
        byte[] inform = SnmpCodec.EncodeV2c(new SnmpV2cMessage(
            ProcessorHarness.Community, new Pdu(PduType.InformRequest, 5, 0, 0, ProcessorHarness.VarBinds("1.0.60.3", "1.3.6.1.4.1.99999.0.9"))));

        Assert.NotNull(harness.Send(inform));

        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.UnknownTrapOid));
    }

    [Fact]
    public async Task WrongCommunity_IsCountedNeverAnsweredAndBansNothing()
    {
        await using var harness = ProcessorHarness.Create();

        for (int i = 0; i < 3; i++)
        {
            Assert.Null(harness.Send(ProcessorHarness.V2c(PduType.InformRequest, "1.0.60.4", community: "public")));
        }

        Assert.Equal(3, harness.Metrics.Rejects(TrapRejectReasons.UnknownCommunity));
        Assert.Empty(harness.Sink.Reports);
    }

    [Fact]
    public async Task OtherPdus_OtherVersionsAndJunk_AreCountedByReason()
    {
        await using var harness = ProcessorHarness.Create();
        byte[] get = SnmpCodec.EncodeV2c(new SnmpV2cMessage(ProcessorHarness.Community, Pdu.Request(PduType.GetRequest, 1, [Oid.Parse("1.3.6.1.2.1.1.3.0")])));
        byte[] v1 = [.. ProcessorHarness.V2c(PduType.SNMPv2Trap, "1.0.60.5")];
        v1[v1.AsSpan().IndexOf("\x02\x01\x01"u8) + 2] = 0; // the version INTEGER: 1 (v2c) becomes 0 (SNMPv1)

        Assert.Null(harness.Send(get));
        Assert.Null(harness.Send(v1));
        Assert.Null(harness.Send([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.UnsupportedPdu));
        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.UnsupportedVersion));
        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.Malformed));
    }
}
