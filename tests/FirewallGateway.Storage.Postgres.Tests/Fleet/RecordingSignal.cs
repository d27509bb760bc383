using System.Threading.Channels;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>An <see cref="IOutboxSignal"/> that records every wake-up ("*" for all targets) for a test to read.</summary>
internal sealed class RecordingSignal : IOutboxSignal
{
    private readonly Channel<string> _woken = Channel.CreateUnbounded<string>();

    public void Notify(string? target) => _woken.Writer.TryWrite(target ?? "*");

    public Task WaitAsync(string target, TimeSpan timeout, CancellationToken cancellationToken) => Task.Delay(timeout, cancellationToken);

    /// <summary>Forgets the wake-ups recorded so far.</summary>
    public void Clear()
    {
        while (_woken.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Waits for a wake-up of <paramref name="target"/>, skipping others.</summary>
    public async Task WaitForAsync(string target, CancellationToken cancellationToken)
    {
        while (await _woken.Reader.ReadAsync(cancellationToken) != target)
        {
        }
    }
}
