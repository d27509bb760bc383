using System.Globalization;
using System.Text;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>
/// Reads sentences from the router with hard limits, so a hostile or broken peer cannot make the gateway
/// allocate what a length prefix claims: a word longer than <see cref="MaxWordBytes"/>, a sentence with too
/// many words or bytes, a reserved control byte or an undefined prefix all end the connection with a
/// <see cref="RouterOsProtocolException"/>. State survives between calls, so a read can be resumed.
/// </summary>
internal sealed class SentenceReader
{
    /// <summary>Longest word accepted; address-list rows have words well under 300 bytes.</summary>
    public const int MaxWordBytes = 64 * 1024;

    /// <summary>Most words in one sentence.</summary>
    public const int MaxWords = 1024;

    /// <summary>Most bytes in one sentence.</summary>
    public const int MaxSentenceBytes = 1024 * 1024;

    private readonly Stream _stream;
    private readonly List<string> _words = [];
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private int _sentenceBytes;

    public SentenceReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>True when part of a sentence has arrived and the rest has not.</summary>
    public bool InsideSentence => _words.Count > 0 || _end > _start;

    /// <summary>Called with every chunk that arrives (the stall watchdog's heartbeat).</summary>
    public Action? BytesReceived { get; set; }

    /// <summary>The next non-empty sentence, or null when the peer closed the connection between sentences.</summary>
    public async ValueTask<string[]?> ReadSentenceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var status = WordLength.TryDecode(available, out uint length, out int prefix);
            switch (status)
            {
                case WordLengthStatus.ControlByte:
                    throw new RouterOsProtocolException(string.Create(CultureInfo.InvariantCulture, $"the router sent the reserved control byte 0x{available[0]:X2}"));
                case WordLengthStatus.Invalid:
                    throw new RouterOsProtocolException(string.Create(CultureInfo.InvariantCulture, $"the router sent the undefined length prefix 0x{available[0]:X2}"));
                case WordLengthStatus.Complete when length > MaxWordBytes:
                    throw new RouterOsProtocolException(string.Create(CultureInfo.InvariantCulture, $"the router announced a word of {length} bytes; at most {MaxWordBytes} are accepted"));
                case WordLengthStatus.Complete when available.Length >= prefix + (int)length:
                    _start += prefix + (int)length;
                    if (length == 0)
                    {
                        if (_words.Count == 0)
                        {
                            continue; // empty sentences carry nothing
                        }

                        string[] sentence = [.. _words];
                        _words.Clear();
                        _sentenceBytes = 0;
                        return sentence;
                    }

                    _sentenceBytes += (int)length;
                    if (_words.Count == MaxWords || _sentenceBytes > MaxSentenceBytes)
                    {
                        throw new RouterOsProtocolException(string.Create(CultureInfo.InvariantCulture, $"the router sent a sentence over {MaxWords} words or {MaxSentenceBytes} bytes"));
                    }

                    _words.Add(Encoding.UTF8.GetString(available.Slice(prefix, (int)length)));
                    continue;
                default:
                    int needed = status == WordLengthStatus.Complete ? prefix + (int)length : WordLength.MaxPrefixBytes;
                    if (!await FillAsync(needed, cancellationToken).ConfigureAwait(false))
                    {
                        if (InsideSentence)
                        {
                            throw new RouterOsProtocolException("the router closed the connection in the middle of a sentence");
                        }

                        return null;
                    }

                    continue;
            }
        }
    }

    /// <summary>Reads at least one more byte, making room for <paramref name="needed"/> bytes; false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, needed);
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        _end += read;
        BytesReceived?.Invoke();
        return true;
    }
}
