using FirewallGateway.Core.Diagnostics;
using Microsoft.Extensions.Logging.Console;

namespace FirewallGateway.Logging;

/// <summary>
/// Wraps the console logger so every message is passed through <see cref="PrintableText.Escape"/> before it is
/// written: log values come from reports and requests (Graylog event ids, syslog senders, target errors), and a
/// value carrying a newline or an ESC sequence must not forge a log line or drive the terminal or journal that
/// shows it. One event stays one line. Structured state is passed on unchanged for providers that keep it.
/// </summary>
[ProviderAlias("Console")]
internal sealed class EscapingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleLoggerProvider _inner;

    public EscapingLoggerProvider(ConsoleLoggerProvider inner)
    {
        _inner = inner;
    }

    public ILogger CreateLogger(string categoryName) => new EscapingLogger(_inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _inner.SetScopeProvider(scopeProvider);

    public void Dispose() => _inner.Dispose();

    private sealed class EscapingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, (s, e) => PrintableText.Escape(formatter(s, e)));
    }
}
