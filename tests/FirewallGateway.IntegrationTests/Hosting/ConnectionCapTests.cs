using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Text;
using FirewallGateway.Core.Options;
using FirewallGateway.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.IntegrationTests.Hosting;

/// <summary>
/// The connection cap on in-memory connections and a fake clock: who is served, who gets the canned 503, how long a
/// shed connection may live; and the validation of <c>Limits:MaxShedConnections</c>. The real process, real
/// sockets and TLS are in <c>ConnectionCapEndToEndTests</c>.
/// </summary>
public sealed class ConnectionCapTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<string> _outcomes = [];
    private readonly MeterListener _listener = new();

    public ConnectionCapTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "firewallgateway.http.connections.shed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (_outcomes)
            {
                _outcomes.Add((string)tags[0].Value!);
            }
        });
        _listener.Start();
    }

    [Fact]
    public async Task WithinTheCap_Served_PastIt_CannedAnswerWithoutTheApplication_ThenServedAgainWhenRoomComesBack()
    {
        var cap = Cap(maxConnections: 1);
        var release = new TaskCompletionSource();
        int served = 0;
        var next = cap.Wrap(async _ =>
        {
            Interlocked.Increment(ref served);
            await release.Task;
        });

        var first = new InMemoryConnection();
        var firstRun = next(first.Context);
        Assert.Equal(1, cap.Open);

        var second = new InMemoryConnection();
        await second.ClientSendsAsync("POST /api/v1/reports HTTP/1.1\r\nHost: g\r\n\r\n");
        await second.ClientClosesAsync();
        await next(second.Context).WaitAsync(TimeSpan.FromSeconds(10));
        string answer = await second.ServerSentAsync();
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 6\r\nConnection: close\r\n", answer, StringComparison.Ordinal);
        Assert.EndsWith("\"error\":\"overloaded\",\"detail\":\"the gateway has Limits:MaxConnections connections open; retry after 6 s\"}", answer, StringComparison.Ordinal);
        Assert.Equal(1, served);
        Assert.Equal(["http"], Outcomes());

        release.SetResult();
        await firstRun;
        Assert.Equal(0, cap.Open);
        await next(new InMemoryConnection().Context).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, served);
    }

    [Fact]
    public async Task ShedConnection_ThatNeverSendsOrNeverCloses_EndsAtTheTimeLimit()
    {
        var (next, hold, holding) = FillTheOnlySlot(Cap(maxConnections: 1));

        var silent = new InMemoryConnection();
        var silentRun = next(silent.Context);
        var talkative = new InMemoryConnection();
        await talkative.ClientSendsAsync("GET /health HTTP/1.1\r\n");
        var talkativeRun = next(talkative.Context);

        _clock.Advance(OverCapacityAnswer.TimeLimit - TimeSpan.FromMilliseconds(1));
        Assert.False(silentRun.IsCompleted);
        Assert.False(talkativeRun.IsCompleted, "it got its 503 and drains what the client still sends");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await Task.WhenAll(silentRun, talkativeRun).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 503 ", await talkative.ServerSentAsync(), StringComparison.Ordinal);
        Assert.Equal(["timeout", "timeout"], Outcomes());
        hold.SetResult();
        await holding;
    }

    [Fact]
    public async Task PastMaxShedConnections_ClosedAtOnce_WithoutAnAnswer()
    {
        var (next, hold, holding) = FillTheOnlySlot(Cap(maxConnections: 1, maxShed: 1));
        var silentRun = next(new InMemoryConnection().Context);

        var beyond = new InMemoryConnection();
        await beyond.ClientSendsAsync("GET /health HTTP/1.1\r\nHost: g\r\n\r\n");
        await next(beyond.Context).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["closed"], Outcomes());

        _clock.Advance(OverCapacityAnswer.TimeLimit);
        await silentRun.WaitAsync(TimeSpan.FromSeconds(10));
        hold.SetResult();
        await holding;
    }

    [Fact]
    public async Task ShedTlsConnections_PastMaxShedHandshakes_AreClosedAtOnce_WithoutAHandshake()
    {
        var cap = Cap(maxConnections: 1, maxShedHandshakes: 1);
        var hold = new TaskCompletionSource();
        int handshakes = 0;
        var next = cap.Wrap(connection =>
        {
            if (connection.Features.Get<OverCapacityFeature>() is not null)
            {
                Interlocked.Increment(ref handshakes);
            }

            return hold.Task;
        });
        var holding = next(new InMemoryConnection().Context);

        var first = new InMemoryConnection();
        await first.ClientSendsAsync("\u0016\u0003\u0001");
        var firstRun = next(first.Context);
        var second = new InMemoryConnection();
        await second.ClientSendsAsync("\u0016\u0003\u0001");
        await next(second.Context).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, handshakes);
        Assert.Equal(["tls-closed"], Outcomes());
        hold.SetResult();
        await Task.WhenAll(holding, firstRun);
    }

    [Theory]
    [InlineData("MaxShedConnections", -1)]
    [InlineData("MaxShedConnections", 1_000_001)]
    [InlineData("MaxShedHandshakes", -1)]
    [InlineData("MaxShedHandshakes", 100_001)]
    public void Options_OutOfRange_FailureNamesTheKey(string key, int value)
    {
        var options = key == "MaxShedConnections" ? new LimitsOptions { MaxShedConnections = value } : new LimitsOptions { MaxShedHandshakes = value };
        var result = new SectionValidator<LimitsOptions>(LimitsOptions.SectionName).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith($"Limits:{key}:", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_MaxShedConnectionsZero_IsValid()
    {
        Assert.True(new SectionValidator<LimitsOptions>(LimitsOptions.SectionName).Validate(null, new LimitsOptions { MaxShedConnections = 0 }).Succeeded);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private ConnectionCap Cap(int maxConnections, int maxShedHandshakes = 256, int maxShed = 4096)
    {
        var limits = Microsoft.Extensions.Options.Options.Create(new LimitsOptions
        {
            MaxConnections = maxConnections,
            MaxShedConnections = maxShed,
            MaxShedHandshakes = maxShedHandshakes,
            RetryAfterSeconds = 6,
        });
        return new ConnectionCap(limits, new OverCapacityAnswer(limits, _clock), _services.GetRequiredService<IMeterFactory>());
    }

    /// <summary>The cap's only slot, taken by a connection that stays until <c>Release</c> is set; <c>Next</c> is the wrapped pipeline.</summary>
    private static (ConnectionDelegate Next, TaskCompletionSource Release, Task Holding) FillTheOnlySlot(ConnectionCap cap)
    {
        var release = new TaskCompletionSource();
        var next = cap.Wrap(_ => release.Task);
        return (next, release, next(new InMemoryConnection().Context));
    }

    private List<string> Outcomes()
    {
        lock (_outcomes)
        {
            return [.. _outcomes];
        }
    }

    /// <summary>A connection whose client side is a pair of pipes the test writes and reads.</summary>
    private sealed class InMemoryConnection
    {
        private readonly Pipe _toServer = new();
        private readonly Pipe _toClient = new();

        public InMemoryConnection()
        {
            Context = new DefaultConnectionContext(Guid.NewGuid().ToString("N"), new DuplexPipe(_toServer.Reader, _toClient.Writer), new DuplexPipe(_toClient.Reader, _toServer.Writer));
        }

        public DefaultConnectionContext Context { get; }

        public async Task ClientSendsAsync(string text) => await _toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes(text));

        public async Task ClientClosesAsync() => await _toServer.Writer.CompleteAsync();

        /// <summary>What the server wrote so far.</summary>
        public async Task<string> ServerSentAsync()
        {
            var read = await _toClient.Reader.ReadAsync();
            string text = Encoding.ASCII.GetString(read.Buffer);
            _toClient.Reader.AdvanceTo(read.Buffer.End);
            return text;
        }

        private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
    }
}
