namespace FirewallGateway.TestSupport;

/// <summary>
/// Waits for a condition on a real external part (an nft set, a fail2ban jail, a router list) that changes
/// asynchronously. Polls with a short interval and fails with a message after a deadline; unit tests with a
/// fake clock never need it.
/// </summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {last}");
            }

            await Task.Delay(50);
            last = await probe();
        }

        return last;
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        WaitForAsync(condition, ok => ok, timeout, what);
}
