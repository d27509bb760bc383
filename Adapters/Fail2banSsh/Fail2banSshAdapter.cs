using System.Diagnostics;
using System.Runtime.CompilerServices;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Logging;
using Renci.SshNet.Common;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// A central firewall's fail2ban jail, written through a restricted SSH account: one
/// <c>fail2ban-client set &lt;jail&gt; banip ...</c> per batch, reads with <c>get &lt;jail&gt; banip --with-time</c>.
/// The jail's bantime decides how long each ban lasts there; re-sending <c>banip</c> for a banned address
/// prolongs it, which is how the reconciler renews bans that would lapse before their decision.
/// </summary>
internal sealed class Fail2banSshAdapter : IFirewallAdapter, IAsyncDisposable
{
    /// <summary>The wrapper's exit status for a command its policy refuses (samples/fail2ban/central-firewall).</summary>
    public const int WrapperRefused = 77;

    private readonly Fail2banSshOptions _options;
    private readonly ISshCommandRunner _ssh;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _firewallZone;

    public Fail2banSshAdapter(string targetName, Fail2banSshOptions options, ISshCommandRunner ssh, ILogger logger, TimeProvider time)
    {
        TargetName = targetName;
        _options = options;
        _ssh = ssh;
        _logger = logger;
        _time = time;
        _firewallZone = TimeZoneInfo.FindSystemTimeZoneById(options.FirewallTimeZone);
    }

    public string TargetName { get; }

    public int MaxBatchSize => _options.MaxAddressesPerCall;

    public async ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ItemOutcome[batch.Count];
        foreach (var chunk in Chunks(batch.Select(e => e.Address).ToList()))
        {
            long started = _time.GetTimestamp();
            var result = await RunAsync(Fail2banCommand.Ban(_options.Jail, chunk.Distinct), cancellationToken);
            var outcome = ToOutcome(result, chunk.Distinct.Count, out int changed);
            long elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.IsConfirmed)
            {
                Log.Banned(_logger, TargetName, chunk.Distinct.Count, changed, elapsed);
            }

            foreach (int index in chunk.Indexes)
            {
                outcomes[index] = outcome;
            }
        }

        return new BatchResult(outcomes);
    }

    public async ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken)
    {
        if (!_options.AllowUnban)
        {
            // Nothing is sent: this account may only add bans, and the firewall's jail ends each one after its
            // bantime. "Already so" (not "applied") is the honest confirmation: the gateway changed nothing here,
            // and the target is in the state this configuration wants, so the dispatcher must not retry.
            if (batch.Count > 0)
            {
                Log.UnbanNotSent(_logger, TargetName, batch.Count);
            }

            return BatchResult.All(batch.Count, new ItemOutcome(ItemOutcomeKind.AlreadyPresent, Why: "not sent: AllowUnban is off; the jail's bantime ends the ban"));
        }

        var outcomes = new ItemOutcome[batch.Count];
        foreach (var chunk in Chunks(batch))
        {
            var result = await RunAsync(Fail2banCommand.Unban(_options.Jail, chunk.Distinct), cancellationToken);
            var outcome = ToOutcome(result, chunk.Distinct.Count, out _);
            foreach (int index in chunk.Indexes)
            {
                outcomes[index] = outcome;
            }
        }

        return new BatchResult(outcomes);
    }

    public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var result = await RunAsync(Fail2banCommand.ListWithTime(_options.Jail), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"reading jail '{_options.Jail}' failed (exit {result.ExitStatus}): {result.Why()}");
        }

        var rejected = new List<string>();
        var bans = Fail2banOutput.ParseBanListWithTime(result.Output, rejected);
        foreach (string line in rejected)
        {
            Log.UnparsedLine(_logger, TargetName, line);
        }

        foreach (var ban in bans)
        {
            yield return new EnforcedEntry(ban.Address, ban.EndsLocal is { } end ? ToOffset(end) : null);
        }
    }

    public async ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunAsync(Fail2banCommand.Status(_options.Jail), cancellationToken);
            if (!result.Succeeded)
            {
                return new TargetHealth(true, true, false, $"connected as {_options.User}, but `status {_options.Jail}` failed (exit {result.ExitStatus}): {result.Why()}");
            }

            int? banned = Fail2banOutput.ParseStatusCurrentlyBanned(result.Output);
            return banned is null
                ? new TargetHealth(true, true, false, $"jail '{_options.Jail}' answered without a 'Currently banned' line: {result.Why()}")
                : TargetHealth.Ok($"jail '{_options.Jail}' on {_options.Host}:{_options.Port}: {banned} banned");
        }
        catch (HostKeyMismatchException ex)
        {
            return new TargetHealth(true, false, false, ex.Message);
        }
        catch (SshAuthenticationException ex)
        {
            return new TargetHealth(true, false, false, $"{_options.User}@{_options.Host} was refused: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TargetHealth.Unreachable($"{_options.Host}:{_options.Port}: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => _ssh.DisposeAsync();

    private async Task<SshCommandResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        var result = await _ssh.RunAsync(command, cancellationToken);
        if (!result.Succeeded)
        {
            Log.CommandFailed(_logger, TargetName, result.ExitStatus, command.Length <= 120 ? command : command[..120] + "...", result.Why());
        }

        return result;
    }

    private static ItemOutcome ToOutcome(SshCommandResult result, int sent, out int changed)
    {
        changed = 0;
        if (result.ExitStatus == WrapperRefused)
        {
            // The firewall's own policy said no; sending it again cannot change that.
            return ItemOutcome.Failed("refused by the firewall's forced-command wrapper: " + result.Why(), retryable: false);
        }

        if (!result.Succeeded)
        {
            return ItemOutcome.Failed($"fail2ban-client exit {result.ExitStatus}: {result.Why()}");
        }

        if (!Fail2banOutput.TryParseCount(result.Output, out changed))
        {
            return ItemOutcome.Failed($"fail2ban-client printed no count: {result.Why()}");
        }

        // fail2ban prints only how many changed, not which: all new is "applied", none is "already so", and a
        // mix is reported as applied (both are confirmations; only the count of changes would be exact).
        return changed == 0 ? ItemOutcome.AlreadyPresent : ItemOutcome.Applied;
    }

    private DateTimeOffset ToOffset(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, _firewallZone.GetUtcOffset(unspecified));
    }

    private List<Chunk> Chunks(IReadOnlyList<BanAddress> addresses)
    {
        // Duplicates inside one batch go out once; each keeps its own slot in the result.
        var chunks = new List<Chunk>();
        var current = new Chunk();
        var slotOf = new Dictionary<BanAddress, Chunk>();
        for (int i = 0; i < addresses.Count; i++)
        {
            if (slotOf.TryGetValue(addresses[i], out var existing))
            {
                existing.Indexes.Add(i);
                continue;
            }

            if (current.Distinct.Count == _options.MaxAddressesPerCall)
            {
                chunks.Add(current);
                current = new Chunk();
            }

            current.Distinct.Add(addresses[i]);
            current.Indexes.Add(i);
            slotOf[addresses[i]] = current;
        }

        if (current.Distinct.Count > 0)
        {
            chunks.Add(current);
        }

        Debug.Assert(chunks.Sum(c => c.Indexes.Count) == addresses.Count, "every item has a slot");
        return chunks;
    }

    private sealed class Chunk
    {
        public List<BanAddress> Distinct { get; } = [];

        public List<int> Indexes { get; } = [];
    }
}
