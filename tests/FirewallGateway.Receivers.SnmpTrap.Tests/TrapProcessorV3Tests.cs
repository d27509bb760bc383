using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Tests;

/// <summary>USM as RFC 3414 §3.2 has it, for a trap receiver: authoritative for informs, not for traps.</summary>
public sealed class TrapProcessorV3Tests
{
    [Fact]
    public async Task DiscoveryProbe_IsAnsweredWithUnknownEngineIdsReport_NamingThisEngine()
    {
        await using var harness = ProcessorHarness.Create();
        harness.Time.Advance(TimeSpan.FromSeconds(42));

        var report = Envelope(harness.Send(ProcessorHarness.DiscoveryProbe()));

        Assert.Equal(41, report.MessageId);
        Assert.Equal(SnmpV3Flags.None, report.Flags);
        Assert.Equal(harness.Engine.EngineId, report.Security.EngineId.ToArray());
        Assert.Equal(harness.Engine.Boots, report.Security.EngineBoots);
        Assert.Equal(42, report.Security.EngineTime);
        var pdu = report.ScopedPdu!.Pdu;
        Assert.Equal(PduType.Report, pdu.Type);
        Assert.Equal(42, pdu.RequestId);
        Assert.Equal(UsmStats.UnknownEngineIds, Assert.Single(pdu.VarBinds).Oid);
        Assert.Equal(0, harness.Metrics.Rejects(TrapRejectReasons.UnknownEngineId));
    }

    [Fact]
    public async Task InformInTheWindow_IsAnsweredWithAnAuthenticatedResponse_AndBans()
    {
        await using var harness = ProcessorHarness.Create();
        harness.Time.Advance(TimeSpan.FromSeconds(500));
        var user = ProcessorHarness.InformUser;

        byte[] inform = ProcessorHarness.V3(user, harness.Engine.EngineId, harness.Engine.Boots, 400, PduType.InformRequest, "1.0.61.1", reportable: true, requestId: 99);
        var answer = Envelope(harness.Send(inform));
        harness.Send(ProcessorHarness.V3(user, harness.Engine.EngineId, harness.Engine.Boots, 500, PduType.InformRequest, "1.0.61.1", reportable: true));

        var keys = Usm.LocalizeKeys(user, harness.Engine.EngineId);
        var response = Usm.Open(answer, user, keys).Pdu;
        Assert.Equal(SnmpV3Flags.Auth, answer.Flags);
        Assert.Equal(PduType.Response, response.Type);
        Assert.Equal(99, response.RequestId);
        Assert.Equal(ProcessorHarness.VarBinds("1.0.61.1"), response.VarBinds);
        await harness.WaitForReportAsync("1.0.61.1");
    }

    [Theory]
    [InlineData(0, 349)]
    [InlineData(-1, 500)]
    [InlineData(1, 500)]
    public async Task InformOutsideTheWindow_GetsAnAuthenticatedNotInTimeWindowsReport_WithThisEnginesClock(int bootsOff, int time)
    {
        await using var harness = ProcessorHarness.Create();
        harness.Time.Advance(TimeSpan.FromSeconds(500));
        var user = ProcessorHarness.InformUser;

        var report = Envelope(harness.Send(ProcessorHarness.V3(user, harness.Engine.EngineId, harness.Engine.Boots + bootsOff, time, PduType.InformRequest, "1.0.61.2", reportable: true)));

        var pdu = Usm.Open(report, user, Usm.LocalizeKeys(user, harness.Engine.EngineId)).Pdu;
        Assert.Equal(SnmpV3Flags.Auth, report.Flags);
        Assert.Equal(UsmStats.NotInTimeWindows, Assert.Single(pdu.VarBinds).Oid);
        Assert.Equal(harness.Engine.Boots, report.Security.EngineBoots);
        Assert.Equal(500, report.Security.EngineTime);
        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.NotInTimeWindow));
        Assert.Empty(harness.Sink.Reports);
    }

    [Fact]
    public async Task AuthPrivTrap_FromThePinnedSenderEngine_Bans_AndIsNotAnswered()
    {
        await using var harness = ProcessorHarness.Create();
        var user = ProcessorHarness.TrapUser;

        // A trap's boots/time are the sender's own clock: no window is applied (RFC 3414 §3.2 step 7b is optional here).
        Assert.Null(harness.Send(ProcessorHarness.V3(user, ProcessorHarness.SenderEngine, 1, 1_152_746, PduType.SNMPv2Trap, "1.0.61.3")));
        Assert.Null(harness.Send(ProcessorHarness.V3(user, ProcessorHarness.SenderEngine, 1, 1_152_747, PduType.SNMPv2Trap, "1.0.61.3")));

        await harness.WaitForReportAsync("1.0.61.3");
    }

    [Fact]
    public async Task Refusals_AreCountedByReason_AndReportedOnlyWhenReportable()
    {
        await using var harness = ProcessorHarness.Create();
        var trapUser = ProcessorHarness.TrapUser;
        var informUser = ProcessorHarness.InformUser;
        byte[] otherEngine = Convert.FromHexString("8000000001020399");

        Assert.Null(harness.Send(ProcessorHarness.V3(trapUser, otherEngine, 1, 1, PduType.SNMPv2Trap, "1.0.61.4")));
        Assert.Null(harness.Send(ProcessorHarness.V3(trapUser with { AuthPassword = "wrong-pass" }, ProcessorHarness.SenderEngine, 1, 1, PduType.SNMPv2Trap, "1.0.61.4")));
        Assert.Null(harness.Send(ProcessorHarness.V3(trapUser with { PrivPassword = "wrong-pass" }, ProcessorHarness.SenderEngine, 1, 1, PduType.SNMPv2Trap, "1.0.61.4")));
        Assert.Null(harness.Send(ProcessorHarness.V3(trapUser with { PrivProtocol = PrivProtocol.None }, ProcessorHarness.SenderEngine, 1, 1, PduType.SNMPv2Trap, "1.0.61.4")));
        var unknownUser = Envelope(harness.Send(ProcessorHarness.V3(informUser with { Name = "mallory" }, harness.Engine.EngineId, harness.Engine.Boots, 0, PduType.InformRequest, "1.0.61.4", reportable: true)));
        var wrongDigest = Envelope(harness.Send(ProcessorHarness.V3(informUser with { AuthPassword = "wrong-pass" }, harness.Engine.EngineId, harness.Engine.Boots, 0, PduType.InformRequest, "1.0.61.4", reportable: true)));

        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.UnknownEngineId));
        Assert.Equal(2, harness.Metrics.Rejects(TrapRejectReasons.WrongDigest));
        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.DecryptionFailed));
        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.UnsupportedSecurityLevel));
        Assert.Equal(1, harness.Metrics.Rejects(TrapRejectReasons.UnknownUser));
        Assert.Equal(UsmStats.UnknownUserNames, ReportOid(unknownUser));
        Assert.Equal(UsmStats.WrongDigests, ReportOid(wrongDigest));
        Assert.Equal(SnmpV3Flags.None, wrongDigest.Flags);
        Assert.Empty(harness.Sink.Reports);
    }

    private static SnmpV3Envelope Envelope(byte[]? answer) => Assert.IsType<SnmpV3Envelope>(SnmpCodec.Decode(Assert.IsType<byte[]>(answer)));

    private static Oid ReportOid(SnmpV3Envelope report)
    {
        Assert.Equal(PduType.Report, report.ScopedPdu!.Pdu.Type);
        return Assert.Single(report.ScopedPdu.Pdu.VarBinds).Oid;
    }
}
