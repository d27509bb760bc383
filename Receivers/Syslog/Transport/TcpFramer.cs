using System.Buffers;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Transport;

/// <summary>What <see cref="TcpFramer.Next"/> found.</summary>
internal enum FrameStatus
{
    /// <summary>A complete frame; call again.</summary>
    Frame,

    /// <summary>Nothing complete yet; read more (or stop, if the peer closed).</summary>
    NeedMore,

    /// <summary>One frame refused (reason given); the stream is still in step, call again.</summary>
    Rejected,

    /// <summary>The stream cannot be followed any more (reason given); close the connection.</summary>
    Fatal,
}

/// <summary>
/// RFC 6587 framing, detected per frame as rsyslog does: a digit first means octet counting
/// (<c>LEN SP MSG</c>), anything else is a line ended by LF (CR before it dropped). A line longer than the
/// limit is refused and skipped up to its LF; a bad or too large count ends the connection, since the next
/// frame boundary is unknown.
/// </summary>
internal sealed class TcpFramer
{
    private const int MaxCountDigits = 9;
    private readonly int _maxFrameBytes;
    private bool _skippingLine;

    public TcpFramer(int maxFrameBytes)
    {
        _maxFrameBytes = maxFrameBytes;
    }

    public FrameStatus Next(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> frame, out string? reject)
    {
        frame = default;
        reject = null;
        if (_skippingLine)
        {
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is null)
            {
                buffer = buffer.Slice(buffer.End);
                return FrameStatus.NeedMore;
            }

            buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
            _skippingLine = false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\n', (byte)'\r');
        buffer = buffer.Slice(reader.Position);
        if (reader.End)
        {
            return FrameStatus.NeedMore;
        }

        reader.TryPeek(out byte first);
        return char.IsAsciiDigit((char)first)
            ? OctetCounted(ref buffer, completed, out frame, out reject)
            : LineFramed(ref buffer, completed, out frame, out reject);
    }

    private FrameStatus OctetCounted(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> frame, out string? reject)
    {
        frame = default;
        reject = null;
        var reader = new SequenceReader<byte>(buffer);
        long length = 0;
        int digits = 0;
        while (reader.TryRead(out byte b))
        {
            if (b == (byte)' ')
            {
                if (digits == 0 || length == 0)
                {
                    reject = RejectReasons.BadFrame;
                    return FrameStatus.Fatal;
                }

                if (length > _maxFrameBytes)
                {
                    reject = RejectReasons.TooLarge;
                    return FrameStatus.Fatal;
                }

                if (reader.Remaining < length)
                {
                    if (completed)
                    {
                        reject = RejectReasons.TruncatedFrame;
                        return FrameStatus.Fatal;
                    }

                    return FrameStatus.NeedMore;
                }

                frame = buffer.Slice(reader.Position, length);
                buffer = buffer.Slice(frame.End);
                return FrameStatus.Frame;
            }

            if (!char.IsAsciiDigit((char)b) || ++digits > MaxCountDigits)
            {
                reject = RejectReasons.BadFrame;
                return FrameStatus.Fatal;
            }

            length = (length * 10) + (b - '0');
        }

        if (completed)
        {
            reject = RejectReasons.TruncatedFrame;
            return FrameStatus.Fatal;
        }

        return FrameStatus.NeedMore;
    }

    private FrameStatus LineFramed(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> frame, out string? reject)
    {
        frame = default;
        reject = null;
        var lf = buffer.PositionOf((byte)'\n');
        if (lf is not null)
        {
            frame = buffer.Slice(0, lf.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
            if (frame.Length > _maxFrameBytes)
            {
                frame = default;
                reject = RejectReasons.TooLarge;
                return FrameStatus.Rejected;
            }

            return FrameStatus.Frame;
        }

        if (buffer.Length > _maxFrameBytes)
        {
            buffer = buffer.Slice(buffer.End);
            _skippingLine = true;
            reject = RejectReasons.TooLarge;
            return FrameStatus.Rejected;
        }

        if (completed)
        {
            // The last line of a stream may lack its LF.
            frame = buffer;
            buffer = buffer.Slice(buffer.End);
            return FrameStatus.Frame;
        }

        return FrameStatus.NeedMore;
    }
}
