using System.Collections.Concurrent;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Dispatch;

/// <summary>
/// The in-process wake-up for target workers: the decision writer notifies after each commit that queued
/// changes, so a ban reaches the targets without waiting for a poll. A notification that arrives while no
/// worker waits is remembered (one per target), so none is lost between a worker's drain and its next wait.
/// </summary>
internal sealed class OutboxSignal : IOutboxSignal
{
    private readonly ConcurrentDictionary<string, Wakeup> _wakeups = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public OutboxSignal(TimeProvider time)
    {
        _time = time;
    }

    public void Notify(string? target)
    {
        if (target is not null)
        {
            _wakeups.GetOrAdd(target, static _ => new Wakeup()).Set();
            return;
        }

        foreach (var wakeup in _wakeups.Values)
        {
            wakeup.Set();
        }
    }

    public async Task WaitAsync(string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signalled = _wakeups.GetOrAdd(target, static _ => new Wakeup()).Arm();
        if (signalled.IsCompleted || timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, _time, stopDelay.Token);
        var first = await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await stopDelay.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        _ = first;
    }

    /// <summary>A one-slot latch: Set completes the armed waiter, or is kept until the next Arm.</summary>
    private sealed class Wakeup
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource? _waiter;
        private bool _pending = true; // a worker's first wait returns at once: it drains before sleeping

        public Task Arm()
        {
            lock (_gate)
            {
                if (_pending)
                {
                    _pending = false;
                    return Task.CompletedTask;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _waiter.Task;
            }
        }

        public void Set()
        {
            TaskCompletionSource? waiter;
            lock (_gate)
            {
                waiter = _waiter;
                _waiter = null;
                _pending = waiter is null;
            }

            waiter?.TrySetResult();
        }
    }
}
