using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Receivers.SnmpTrap.Rules;
using FirewallGateway.Receivers.SnmpTrap.Security;
using RejectLog = FirewallGateway.Receivers.Syslog.Pipeline.RejectLog;
using FirewallGateway.Snmp;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Receivers.SnmpTrap.Tests;

/// <summary>
/// A <see cref="TrapProcessor"/> with a fake clock, a fresh engine in a temp folder and a recording sink: packets
/// go in as bytes (made by the codec, as a sender would), answers come out as bytes. No socket: the real
/// listener is exercised by the integration tests with net-snmp.
/// </summary>
internal sealed class ProcessorHarness : IAsyncDisposable
{
    public const string Community = "traps";
    public const string TrapOid = "1.3.6.1.4.1.99999.0.1";
    public const string AddressOid = "1.3.6.1.4.1.99999.1.1";
    public static readonly byte[] SenderEngine = Convert.FromHexString("8000000001020304");
    public static readonly UsmUser TrapUser = new("ips", AuthProtocol.Sha1, "authpass123", PrivProtocol.Aes128, "privpass123");
    public static readonly UsmUser InformUser = new("informer", AuthProtocol.Sha1, "informauth1", PrivProtocol.None, "");
    public static readonly IPAddress Sender = IPAddress.Loopback;

    private readonly string _folder;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _queue;

    private ProcessorHarness(string folder)
    {
        _folder = folder;
        var options = new SnmpTrapReceiverOptions
        {
            Communities = [Community],
            Users =
            [
                new SnmpTrapUserOptions { Name = TrapUser.Name, AuthPassword = TrapUser.AuthPassword, PrivPassword = TrapUser.PrivPassword, EngineId = "8000000001020304" },
                new SnmpTrapUserOptions { Name = InformUser.Name, AuthPassword = InformUser.AuthPassword, PrivProtocol = "None" },
            ],
        };
        options.Rules["ips"] = new SnmpTrapRuleOptions { TrapOid = TrapOid, AddressOid = AddressOid, MaxRetry = 2 };
        var rules = TrapRuleSetBuilder.Build(options, []);
        Engine = LocalEngine.Start(folder, null, Time);
        Metrics = new TrapMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var logger = NullLogger.Instance;
        var queue = new BanReportQueue(64, 1, Sink, (_, _) => { }, (_, _) => { });
        _queue = queue.RunAsync(_stopping.Token);
        Processor = new TrapProcessor(
            new TrapMatcher(rules, 1000),
            new CommunitySet(options.Communities),
            new UsmReceiver(Engine, UsmUsers.From(options.Users, Engine.EngineId)),
            queue,
            Metrics,
            new RejectLog(logger, Time, Metrics.RecordReject, Log.Rejected),
            Time,
            logger);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    public LocalEngine Engine { get; }

    public TrapMetrics Metrics { get; }

    public RecordingSink Sink { get; } = new();

    public TrapProcessor Processor { get; }

    public static ProcessorHarness Create() => new(Directory.CreateTempSubdirectory("snmp-traps-processor-").FullName);

    public byte[]? Send(byte[] packet) => Processor.Process(packet, Sender);

    public static IReadOnlyList<VarBind> VarBinds(string address, string trapOid = TrapOid) =>
    [
        new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(4200)),
        new(TrapMatcher.SnmpTrapOid, SnmpValue.ObjectIdentifier(Oid.Parse(trapOid))),
        new(Oid.Parse(AddressOid), SnmpValue.OctetString(address)),
    ];

    public static byte[] V2c(PduType type, string address, string community = Community, int requestId = 77) =>
        SnmpCodec.EncodeV2c(new SnmpV2cMessage(community, new Pdu(type, requestId, 0, 0, VarBinds(address))));

    /// <summary>A v3 message from <paramref name="user"/> to the engine <paramref name="engineId"/> at the user's own security level.</summary>
    public static byte[] V3(UsmUser user, byte[] engineId, int boots, int time, PduType type, string address, bool reportable = false, int requestId = 78) =>
        SnmpCodec.EncodeV3(
            new SnmpV3Message(
                31,
                SnmpV3Message.DefaultMaxSize,
                user.SecurityLevel | (reportable ? SnmpV3Flags.Reportable : SnmpV3Flags.None),
                UsmSecurityParameters.For(engineId, boots, time, user.Name),
                new ScopedPdu(engineId, new Pdu(type, requestId, 0, 0, VarBinds(address)))),
            Usm.LocalizeKeys(user, engineId));

    /// <summary>What net-snmp sends first to learn an engine ID: no engine, no user, reportable, an empty Get.</summary>
    public static byte[] DiscoveryProbe() =>
        SnmpCodec.EncodeV3(new SnmpV3Message(
            41,
            SnmpV3Message.DefaultMaxSize,
            SnmpV3Flags.Reportable,
            UsmSecurityParameters.Discovery,
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 42, 0, 0, []))));

    public async Task<BanReport> WaitForReportAsync(string address) =>
        (await Eventually.WaitForAsync(
            () => Task.FromResult(Sink.Reports.FirstOrDefault(r => r.Address.ToString() == address)),
            r => r is not null,
            TimeSpan.FromSeconds(10),
            $"a report for {address}"))!;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _queue;
        _stopping.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A report sink that keeps what it is given (the core is tested elsewhere).</summary>
internal sealed class RecordingSink : IReportSink
{
    public ConcurrentQueue<BanReport> Reports { get; } = new();

    public ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken)
    {
        Reports.Enqueue(report);
        return ValueTask.FromResult<ReportOutcome>(new ReportOutcome.Rejected("recorded", "test sink"));
    }
}
