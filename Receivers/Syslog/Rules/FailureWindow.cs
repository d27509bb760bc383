namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// Failures per address for one rule in a sliding window, in bounded memory: each address keeps only its last
/// <c>maxRetry</c> failure times (a ring), addresses are kept in least-recently-seen order, entries older than
/// the window are dropped when they reach the old end, and at the cap the least recently seen address is
/// forgotten. Storage grows by doubling up to the cap and never beyond. Not thread-safe: one worker owns it.
/// </summary>
internal sealed class FailureWindow
{
    private const int InitialSlots = 256;
    private const int None = -1;

    private readonly int _maxRetry;
    private readonly long _findTicks;
    private readonly int _cap;
    private readonly Dictionary<HostKey, int> _slots = [];
    private HostKey[] _addresses = [];
    private long[] _times = [];
    private int[] _count = [], _oldest = [], _newer = [], _older = [];
    private int _newest = None, _eldest = None, _free = None, _used;

    public FailureWindow(int maxRetry, TimeSpan findTime, int cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetry, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        _maxRetry = maxRetry;
        _findTicks = findTime.Ticks;
        _cap = cap;
    }

    /// <summary>Addresses remembered now.</summary>
    public int Count => _slots.Count;

    /// <summary>Slots allocated (never more than the cap).</summary>
    public int Allocated => _addresses.Length;

    /// <summary>Addresses forgotten because the cap was reached (not because their failures aged out).</summary>
    public long Evicted { get; private set; }

    /// <summary>
    /// Records one failure at <paramref name="at"/>. Returns the failures in the window when they reach
    /// <c>maxRetry</c> (the address is then forgotten, so the next ban needs a fresh series), otherwise 0.
    /// </summary>
    public int Record(HostKey address, DateTimeOffset at)
    {
        long now = at.UtcTicks;
        DropAged(now);
        if (!_slots.TryGetValue(address, out int slot))
        {
            slot = Allocate();
            _addresses[slot] = address;
            _count[slot] = 0;
            _oldest[slot] = 0;
            _slots.Add(address, slot);
        }
        else
        {
            Unlink(slot);
        }

        LinkNewest(slot);
        int count = _count[slot];
        int baseIndex = slot * _maxRetry;
        if (count < _maxRetry)
        {
            _times[baseIndex + ((_oldest[slot] + count) % _maxRetry)] = now;
            _count[slot] = ++count;
        }
        else
        {
            _times[baseIndex + _oldest[slot]] = now;
            _oldest[slot] = (_oldest[slot] + 1) % _maxRetry;
        }

        if (count == _maxRetry && now - _times[baseIndex + _oldest[slot]] <= _findTicks)
        {
            Remove(slot);
            return count;
        }

        return 0;
    }

    /// <summary>Failures now remembered for an address (for tests and <c>rules test</c>).</summary>
    public int FailuresOf(HostKey address) => _slots.TryGetValue(address, out int slot) ? _count[slot] : 0;

    private void DropAged(long now)
    {
        // The old end of the list holds the addresses seen least recently; once their newest failure is out
        // of the window they can never reach maxRetry, so they go (a couple per call keeps this O(1) amortised).
        for (int i = 0; i < 4 && _eldest != None; i++)
        {
            int slot = _eldest;
            int newestIndex = (slot * _maxRetry) + ((_oldest[slot] + _count[slot] - 1) % _maxRetry);
            if (now - _times[newestIndex] <= _findTicks)
            {
                return;
            }

            Remove(slot);
        }
    }

    private int Allocate()
    {
        if (_free != None)
        {
            int reused = _free;
            _free = _newer[reused];
            return reused;
        }

        if (_used == _addresses.Length)
        {
            if (_addresses.Length >= _cap)
            {
                Evicted++;
                int victim = _eldest;
                Remove(victim);
                _free = _newer[victim];
                return victim;
            }

            Grow(Math.Min(_cap, Math.Max(InitialSlots, _addresses.Length * 2)));
        }

        return _used++;
    }

    private void Grow(int slots)
    {
        Array.Resize(ref _addresses, slots);
        Array.Resize(ref _times, slots * _maxRetry);
        Array.Resize(ref _count, slots);
        Array.Resize(ref _oldest, slots);
        Array.Resize(ref _newer, slots);
        Array.Resize(ref _older, slots);
    }

    private void Remove(int slot)
    {
        _slots.Remove(_addresses[slot]);
        _addresses[slot] = default;
        Unlink(slot);
        _newer[slot] = _free;
        _free = slot;
    }

    private void LinkNewest(int slot)
    {
        _older[slot] = _newest;
        _newer[slot] = None;
        if (_newest != None)
        {
            _newer[_newest] = slot;
        }

        _newest = slot;
        if (_eldest == None)
        {
            _eldest = slot;
        }
    }

    private void Unlink(int slot)
    {
        int older = _older[slot], newer = _newer[slot];
        if (older != None)
        {
            _newer[older] = newer;
        }
        else if (_eldest == slot)
        {
            _eldest = newer;
        }

        if (newer != None)
        {
            _older[newer] = older;
        }
        else if (_newest == slot)
        {
            _newest = older;
        }

        _older[slot] = None;
        _newer[slot] = None;
    }
}
