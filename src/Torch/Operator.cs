using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

/// <summary>
/// An ATen operator found once by schema name (for example <c>aten::conv2d</c>) and called
/// through libtorch's dispatcher with boxed arguments, so autograd and autocast see it as
/// they would from PyTorch. Trailing arguments not given take the schema's defaults.
/// </summary>
internal sealed unsafe class Operator
{
    private const int MaxResults = 8;
    private readonly string _name;
    private readonly string _overload;
    private nint _handle;

    internal Operator(string name, string overload = "")
    {
        _name = name;
        _overload = overload;
    }

    /// <summary>The operator's schema as libtorch prints it.</summary>
    internal string Schema
    {
        get
        {
            byte* buffer = stackalloc byte[1024];
            NativeMethods.Check(NativeMethods.mlseg_op_schema(Handle, buffer, 1024));
            return Marshal.PtrToStringUTF8((nint)buffer) ?? "";
        }
    }

    private nint Handle
    {
        get
        {
            nint h = Volatile.Read(ref _handle);
            if (h != 0) return h;
            h = NativeMethods.mlseg_op_find(_name, _overload);
            if (h == 0) throw new TorchException(NativeMethods.LastError());
            nint previous = Interlocked.CompareExchange(ref _handle, h, 0);
            return previous == 0 ? h : previous;
        }
    }

    /// <summary>Calls the operator and returns its single tensor result.</summary>
    internal Tensor Tensor(params ReadOnlySpan<Arg> args)
    {
        NativeValue* results = stackalloc NativeValue[MaxResults];
        int count = Call(args, results);
        return TakeSingle(results, count).AsTensor();
    }

    /// <summary>Calls the operator and returns all tensor results (tuples flattened).</summary>
    internal Tensor[] Tensors(params ReadOnlySpan<Arg> args)
    {
        NativeValue* results = stackalloc NativeValue[MaxResults];
        int count = Call(args, results);
        if (count == 1 && results[0].Kind == ValueKind.TensorList) return TakeTensorList(results[0]);
        var tensors = new Tensor[count];
        for (int k = 0; k < count; k++)
        {
            if (results[k].Kind != ValueKind.Tensor)
            {
                ReleaseAll(results, count, from: k);
                throw new TorchException($"{_name}: result {k} is not a tensor ({results[k].Kind})");
            }
            tensors[k] = new Tensor(results[k].P);
        }
        return tensors;
    }

    /// <summary>Calls an in-place operator (its result aliases an argument) and drops the returned reference.</summary>
    internal void InPlace(params ReadOnlySpan<Arg> args)
    {
        NativeValue* results = stackalloc NativeValue[MaxResults];
        int count = Call(args, results);
        ReleaseAll(results, count, from: 0);
    }

    /// <summary>Calls the operator and returns its scalar result as a double.</summary>
    internal double Double(params ReadOnlySpan<Arg> args)
    {
        NativeValue* results = stackalloc NativeValue[MaxResults];
        int count = Call(args, results);
        NativeValue v = TakeSingle(results, count).Value;
        return v.Kind switch
        {
            ValueKind.Double => v.D,
            ValueKind.Int or ValueKind.Bool => v.I,
            _ => throw new TorchException($"{_name}: the result is not a number ({v.Kind})"),
        };
    }

    /// <summary>Calls the operator and returns its scalar result as an integer.</summary>
    internal long Int(params ReadOnlySpan<Arg> args)
    {
        NativeValue* results = stackalloc NativeValue[MaxResults];
        int count = Call(args, results);
        NativeValue v = TakeSingle(results, count).Value;
        return v.Kind switch
        {
            ValueKind.Int or ValueKind.Bool => v.I,
            _ => throw new TorchException($"{_name}: the result is not an integer ({v.Kind})"),
        };
    }

    private int Call(ReadOnlySpan<Arg> args, NativeValue* results)
    {
        NativeValue* values = stackalloc NativeValue[Math.Max(1, args.Length)];
        byte* scratch = Scratch.Reserve(ScratchBytes(args));
        for (int k = 0; k < args.Length; k++)
        {
            values[k] = Convert(args[k], k, ref scratch);
        }
        int status = NativeMethods.mlseg_op_call(Handle, values, args.Length, results, MaxResults, out int count);
        foreach (Arg a in args) GC.KeepAlive(a.Reference);
        if (status != 0) throw new TorchException(NativeMethods.LastError());
        return count;
    }

    private static long ScratchBytes(ReadOnlySpan<Arg> args)
    {
        long bytes = 0;
        foreach (Arg a in args)
        {
            bytes += a.Reference switch
            {
                long[] l => l.Length * sizeof(long),
                double[] d => d.Length * sizeof(double),
                bool[] b => b.Length,
                Tensor?[] t => t.Length * sizeof(nint),
                string s => Encoding.UTF8.GetMaxByteCount(s.Length) + 1,
                _ => 0,
            };
            bytes = (bytes + 7) & ~7L;
        }
        return bytes;
    }

    private NativeValue Convert(in Arg a, int position, ref byte* scratch)
    {
        var v = new NativeValue { Kind = a.Kind, I = a.Integer, D = a.Real };
        if (a.Kind == ValueKind.Device) v.N = (long)a.Real;
        switch (a.Reference)
        {
            case Tensor t:
                v.P = t.LiveHandle(_name, position);
                break;
            case long[] l:
                v.P = (nint)scratch;
                v.N = l.Length;
                l.AsSpan().CopyTo(new Span<long>(scratch, l.Length));
                scratch += l.Length * sizeof(long);
                break;
            case double[] d:
                v.P = (nint)scratch;
                v.N = d.Length;
                d.AsSpan().CopyTo(new Span<double>(scratch, d.Length));
                scratch += d.Length * sizeof(double);
                break;
            case bool[] b:
                v.P = (nint)scratch;
                v.N = b.Length;
                for (int k = 0; k < b.Length; k++) scratch[k] = b[k] ? (byte)1 : (byte)0;
                scratch += b.Length;
                break;
            case Tensor?[] ts:
                v.P = (nint)scratch;
                v.N = ts.Length;
                for (int k = 0; k < ts.Length; k++)
                {
                    Tensor? t = ts[k];
                    if (t is null && a.Kind == ValueKind.TensorList)
                        throw new ArgumentNullException($"{_name}: argument {position} has a null tensor at position {k}");
                    ((nint*)scratch)[k] = t is null ? 0 : t.LiveHandle(_name, position);
                }
                scratch += ts.Length * sizeof(nint);
                break;
            case string s:
                v.P = (nint)scratch;
                int n = Encoding.UTF8.GetBytes(s, new Span<byte>(scratch, Encoding.UTF8.GetMaxByteCount(s.Length)));
                scratch[n] = 0;
                scratch += n + 1;
                break;
        }
        scratch = (byte*)(((nint)scratch + 7) & ~(nint)7);
        return v;
    }

    private readonly struct SingleResult
    {
        internal readonly NativeValue Value;
        internal SingleResult(NativeValue value) => Value = value;

        internal Tensor AsTensor()
        {
            if (Value.Kind != ValueKind.Tensor) throw new TorchException($"the operator returned {Value.Kind}, not a tensor");
            return new Tensor(Value.P);
        }
    }

    private SingleResult TakeSingle(NativeValue* results, int count)
    {
        if (count < 1) throw new TorchException($"{_name}: the operator returned nothing");
        ReleaseAll(results, count, from: 1);
        return new SingleResult(results[0]);
    }

    private static Tensor[] TakeTensorList(NativeValue list)
    {
        var handles = (nint*)list.P;
        var tensors = new Tensor[list.N];
        for (long k = 0; k < list.N; k++) tensors[k] = new Tensor(handles[k]);
        NativeMethods.mlseg_free(handles);
        return tensors;
    }

    private static void ReleaseAll(NativeValue* results, int count, int from)
    {
        for (int k = from; k < count; k++)
        {
            if (results[k].Kind == ValueKind.Tensor) NativeMethods.mlseg_tensor_free(results[k].P);
            else if (results[k].Kind == ValueKind.TensorList)
            {
                var handles = (nint*)results[k].P;
                for (long j = 0; j < results[k].N; j++) NativeMethods.mlseg_tensor_free(handles[j]);
                NativeMethods.mlseg_free(handles);
            }
        }
    }

    /// <summary>Per-thread native memory that list arguments are copied into for one call.</summary>
    private static class Scratch
    {
        [ThreadStatic] private static nint s_buffer;
        [ThreadStatic] private static long s_size;

        internal static byte* Reserve(long bytes)
        {
            if (bytes > s_size)
            {
                long size = Math.Max(bytes, 4096);
                s_buffer = (nint)NativeMemory.Realloc((void*)s_buffer, (nuint)size);
                s_size = size;
            }
            return (byte*)s_buffer;
        }
    }
}
