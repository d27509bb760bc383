using FirewallGateway.Core.Diagnostics;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Diagnostics;

public sealed class AnonymousRequestLogTests
{
    [Fact]
    public void AFlood_WritesTheBurst_ThenOneLinePerSecond_AndSumsUpTheRest()
    {
        var clock = new FakeTimeProvider(Some.Start);
        var lines = new CapturingLoggerFactory();
        using var log = new AnonymousRequestLog(lines, clock);

        for (int i = 0; i < 1000; i++)
        {
            log.Write(i, static (logger, n) => logger.LogWarning("bad login {N}", n));
        }

        Assert.Equal(AnonymousRequestLog.Burst, lines.Lines.Count(l => l.StartsWith("bad login", StringComparison.Ordinal)));

        // Ten seconds later ten more lines may pass; the other 990 of 1000 stay suppressed.
        clock.Advance(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 1000; i++)
        {
            log.Write(i, static (logger, n) => logger.LogWarning("bad login {N}", n));
        }

        Assert.Equal(AnonymousRequestLog.Burst + 10, lines.Lines.Count(l => l.StartsWith("bad login", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines.Lines, l => l.Contains("suppressed", StringComparison.Ordinal));

        clock.Advance(AnonymousRequestLog.SummaryEvery);
        Assert.Contains("1970 similar lines suppressed", lines.Lines[^1], StringComparison.Ordinal);
        int count = lines.Lines.Count;

        // Nothing held back: no summary line.
        clock.Advance(AnonymousRequestLog.SummaryEvery);
        Assert.Equal(count, lines.Lines.Count);
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Capturing(this);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Capturing(CapturingLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._lines)
                {
                    owner._lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
