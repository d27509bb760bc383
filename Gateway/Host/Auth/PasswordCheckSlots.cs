using FirewallGateway.Core.Security;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Auth;

/// <summary>
/// Bounds the CPU spent on password hashes: at most <c>ConcurrentPasswordChecks</c> run at once and at most
/// <c>PasswordCheckQueue</c> requests wait for one; any further request is refused at once (429). Many sources
/// each under their own throttle still cannot make the gateway hash more than this, so remembered logins
/// (which need no hash) keep their CPU.
/// </summary>
internal sealed class PasswordCheckSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _queueLimit;
    private int _waiting;

    public PasswordCheckSlots(IOptions<LoginThrottleOptions> options)
    {
        _slots = new SemaphoreSlim(options.Value.ConcurrentPasswordChecks, options.Value.ConcurrentPasswordChecks);
        _queueLimit = options.Value.PasswordCheckQueue;
    }

    /// <summary>True with a slot held (give it back with <see cref="Exit"/>); false when all are busy and the queue is full.</summary>
    public async ValueTask<bool> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            return false;
        }

        try
        {
            await _slots.WaitAsync(cancellationToken);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
