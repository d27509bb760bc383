using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// An imported filter's regex that starts interpreted and, once it has run <see cref="PromoteAfter"/> times, is
/// compiled on a thread-pool thread and swapped in when ready. <c>rules test</c> builds imported filters
/// interpreted (compiling all ~25 regexes of a filter up front cost more than a short file saves), yet the few
/// regexes that run on every line of a big file (the prefregex, the failregexes whose literal is common) are worth
/// compiling: the compilation runs beside the matching, on the other core, instead of delaying the first line.
/// Compiled and interpreted forms of a pattern find the same matches with the same groups. A regex already
/// built with <see cref="RegexOptions.Compiled"/> (the listener's) or precompiled (<see cref="Fail2banLibraryRegexes"/>)
/// is used as it is. Thread-safe:
/// <c>rules test</c> runs a filter's regexes on several threads at once.
/// </summary>
internal sealed class HotRegex
{
    public const int PromoteAfter = 2_000;

    /// <summary>Stands for "promoted already" in <see cref="_compiling"/>: it never completes, so nothing more happens.</summary>
    private static readonly Task<Regex> Done = new TaskCompletionSource<Regex>().Task;

    private Regex _regex;
    private Task<Regex>? _compiling;
    private int _runs;
    private readonly bool _precompiled;

    /// <summary>
    /// Copies of the interpreted or precompiled form, one per core, filled on first use. A Regex keeps one cached runner (its
    /// matching state): two threads matching with the same instance at once make the second build a new runner
    /// per match, garbage that cost more than the parallel scan saved. Each thread picks a copy by its id.
    /// </summary>
    private readonly Regex?[] _copies;

    public HotRegex(Regex regex, bool precompiled = false)
    {
        _regex = regex;
        _precompiled = precompiled;
        // A regex compiled at run time (the listener's) is used as it is; the others get a copy per core.
        _copies = new Regex?[precompiled || (regex.Options & RegexOptions.Compiled) == 0 ? Environment.ProcessorCount : 0];
    }

    /// <summary>The form in use now (names and numbers of groups are the same in both).</summary>
    public Regex Regex => _regex;

    public Match Match(string input, int start, int length)
    {
        // Native AOT (firewallgateway-rules) cannot compile a regex: RegexOptions.Compiled would build the same
        // interpreter again, so there is nothing to promote to.
        var regex = _regex;
        if (_precompiled)
        {
            regex = CopyForThisThread(regex);
        }
        else if ((regex.Options & RegexOptions.Compiled) == 0)
        {
            if (RuntimeFeature.IsDynamicCodeCompiled)
            {
                Promote();
            }

            regex = CopyForThisThread(regex);
        }

        return regex.Match(input, start, length);
    }

    private Regex CopyForThisThread(Regex interpreted)
    {
        if (_copies.Length <= 1)
        {
            return interpreted;
        }

        int slot = Environment.CurrentManagedThreadId % _copies.Length;
        return _copies[slot] ??= slot == 0 ? interpreted
            : _precompiled ? new RegexCopy(interpreted)
            : new Regex(interpreted.ToString(), interpreted.Options, interpreted.MatchTimeout);
    }

    private void Promote()
    {
        // Lock-free: rules test scans lines on several threads at once (ParallelLineMatcher). Exactly one run is
        // the PromoteAfter-th, so one compilation starts; exactly one thread swaps it in.
        var compiling = Volatile.Read(ref _compiling);
        if (compiling is null)
        {
            if (Interlocked.Increment(ref _runs) == PromoteAfter)
            {
                var interpreted = _regex;
                // A thread of its own, not the pool's: rules test's line batches run on the pool, and a batch queued
                // behind a compilation would hold up the thread that applies the batches in order.
                Volatile.Write(ref _compiling, Task.Factory.StartNew(
                    () => Fail2banFilter.Warm(new Regex(interpreted.ToString(), interpreted.Options | RegexOptions.Compiled, interpreted.MatchTimeout)),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default));
            }
        }
        else if (compiling.IsCompleted && Interlocked.CompareExchange(ref _compiling, Done, compiling) == compiling)
        {
            // A failed compilation (it should not: the pattern already parsed) keeps the interpreted form for good.
            _regex = compiling.IsCompletedSuccessfully ? compiling.Result : _regex;
        }
    }
}
