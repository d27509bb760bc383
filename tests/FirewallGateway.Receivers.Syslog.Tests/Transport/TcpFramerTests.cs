using System.Buffers;
using System.Text;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Transport;

namespace FirewallGateway.Receivers.Syslog.Tests.Transport;

public sealed class TcpFramerTests
{
    [Fact]
    public void Next_OctetCountedAndLfFramesMixed_ReturnsEachMessage()
    {
        var (frames, rejects) = Run(100, completed: true, "11 <13>hello a<13>line b\n<13>crlf\r\n7 <13>end");
        Assert.Equal(["<13>hello a", "<13>line b", "<13>crlf\r", "<13>end"], frames);
        Assert.Empty(rejects);
    }

    [Fact]
    public void Next_FrameSplitAcrossSegments_WaitsForTheRest()
    {
        var framer = new TcpFramer(100);
        var buffer = Segments("12 <13>hel", "lo you");
        Assert.Equal(FrameStatus.Frame, framer.Next(ref buffer, false, out var frame, out _));
        Assert.Equal("<13>hello yo", Encoding.UTF8.GetString(frame.ToArray()));
        Assert.Equal("u", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Next_IncompleteOctetCount_NeedsMoreUntilTheBytesArrive()
    {
        var framer = new TcpFramer(100);
        var partial = new ReadOnlySequence<byte>("20 <13>short"u8.ToArray());
        Assert.Equal(FrameStatus.NeedMore, framer.Next(ref partial, false, out _, out _));
    }

    [Fact]
    public void Next_OctetCountLargerThanTheFrameAtEndOfStream_IsTruncatedFrame()
    {
        var (frames, rejects) = Run(1000, completed: true, "500 <13>short");
        Assert.Empty(frames);
        Assert.Equal([RejectReasons.TruncatedFrame], rejects);
    }

    [Fact]
    public void Next_OctetCountAboveTheLimit_IsFatalTooLarge()
    {
        var (_, rejects) = Run(100, completed: false, "99999 <13>x");
        Assert.Equal([RejectReasons.TooLarge], rejects);
    }

    [Fact]
    public void Next_DigitsWithoutSpace_IsFatalBadFrame()
    {
        var (_, rejects) = Run(100, completed: false, "12x<13>x");
        Assert.Equal([RejectReasons.BadFrame], rejects);
    }

    [Fact]
    public void Next_LfLineLongerThanTheLimit_IsSkippedAndTheNextLineStillArrives()
    {
        var (frames, rejects) = Run(16, completed: true, "<13>" + new string('x', 40) + "\n<13>next\n");
        Assert.Equal(["<13>next"], frames);
        Assert.Equal([RejectReasons.TooLarge], rejects);
    }

    private static (List<string> Frames, List<string> Rejects) Run(int max, bool completed, string input)
    {
        var framer = new TcpFramer(max);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(input));
        var frames = new List<string>();
        var rejects = new List<string>();
        while (true)
        {
            var status = framer.Next(ref buffer, completed, out var frame, out string? reject);
            if (status == FrameStatus.Frame)
            {
                frames.Add(Encoding.UTF8.GetString(frame.ToArray()));
                continue;
            }

            if (reject is not null)
            {
                rejects.Add(reject);
            }

            if (status != FrameStatus.Rejected)
            {
                return (frames, rejects);
            }
        }
    }

    private static ReadOnlySequence<byte> Segments(string first, string second)
    {
        var head = new Segment(Encoding.UTF8.GetBytes(first), 0);
        var tail = head.Append(Encoding.UTF8.GetBytes(second));
        return new ReadOnlySequence<byte>(head, 0, tail, tail.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
