// CA1861: the literal arrays are expected values of one-shot test assertions, not hot-path arguments.
#pragma warning disable CA1861

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLSegmentation.Onnx.Tests;

public class ValueTests
{
    [Test]
    public unsafe void TensorOverPinnedArraySeesChangesWithoutCopy()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        using var value = OrtValue.CreateTensorValueFromMemory(data, [2, 3]);
        var span = value.GetTensorDataAsSpan<float>();
        Assert.That(Unsafe.AreSame(ref MemoryMarshal.GetReference(span), ref data[0]), Is.True, "same memory");
        data[4] = 42;
        Assert.That(value.GetTensorDataAsSpan<float>()[4], Is.EqualTo(42f));
        value.GetTensorMutableDataAsSpan<float>()[0] = -7;
        Assert.That(data[0], Is.EqualTo(-7f));

        var info = value.GetTensorTypeAndShape();
        Assert.That(info.ElementDataType, Is.EqualTo(TensorElementType.Float));
        Assert.That(info.Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(info.ElementCount, Is.EqualTo(6));
        Assert.That(value.IsTensor, Is.True);
        Assert.That(value.OnnxType, Is.EqualTo(OnnxValueType.Tensor));
    }

    [Test]
    public void RunReadsTheArrayAsItIsAtRunTime()
    {
        using var session = new InferenceSession(TestModels.Types);
        var data = new float[] { 1, 2, 3 };
        using var x = OrtValue.CreateTensorValueFromMemory(data, [1, 3]);
        using var xd = OrtValue.CreateTensorValueFromMemory(new double[3], [1, 3]);
        using var xl = OrtValue.CreateTensorValueFromMemory(new long[3], [1, 3]);
        using var xi = OrtValue.CreateTensorValueFromMemory(new int[3], [1, 3]);
        using var xb = OrtValue.CreateTensorValueFromMemory(new byte[3], [1, 3]);
        using var xz = OrtValue.CreateTensorValueFromMemory(new bool[3], [1, 3]);
        data[1] = 20;
        using var outputs = session.Run(["x_float", "x_double", "x_int64", "x_int32", "x_uint8", "x_bool"], [x, xd, xl, xi, xb, xz], ["y_float"]);
        Assert.That(outputs[0].GetTensorDataAsSpan<float>().ToArray(), Is.EqualTo(new float[] { 1, 20, 3 }));
    }

    [Test]
    public void MemoryOverPartOfAnArrayIsUsedInPlace()
    {
        var backing = new long[] { 9, 1, 2, 3, 4, 5, 6, 9 };
        using var value = OrtValue.CreateTensorValueFromMemory(new Memory<long>(backing, 1, 6), [2, 3]);
        backing[6] = 60;
        Assert.That(value.GetTensorDataAsSpan<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 60 }));
    }

    [Test]
    public void EveryElementTypeRoundTripsThroughIdentity()
    {
        using var session = new InferenceSession(TestModels.Types);
        float[] f = [1.5f, -2, 3e-3f, 4, 5, 6];
        double[] d = [Math.PI, -1e300, 0, 1, 2, 3];
        long[] l = [long.MaxValue, long.MinValue, 0, 1, -1, 7];
        int[] i = [int.MaxValue, int.MinValue, 0, 1, -1, 7];
        byte[] b = [0, 255, 1, 2, 3, 128];
        bool[] z = [true, false, true, true, false, false];
        using var vf = OrtValue.CreateTensorValueFromMemory(f, [2, 3]);
        using var vd = OrtValue.CreateTensorValueFromMemory(d, [2, 3]);
        using var vl = OrtValue.CreateTensorValueFromMemory(l, [2, 3]);
        using var vi = OrtValue.CreateTensorValueFromMemory(i, [2, 3]);
        using var vb = OrtValue.CreateTensorValueFromMemory(b, [2, 3]);
        using var vz = OrtValue.CreateTensorValueFromMemory(z, [2, 3]);
        string[] names = ["float", "double", "int64", "int32", "uint8", "bool"];
        using var outputs = session.Run([.. names.Select(n => "x_" + n)], [vf, vd, vl, vi, vb, vz], [.. names.Select(n => "y_" + n)]);
        Assert.That(outputs[0].GetTensorDataAsSpan<float>().ToArray(), Is.EqualTo(f));
        Assert.That(outputs[1].GetTensorDataAsSpan<double>().ToArray(), Is.EqualTo(d));
        Assert.That(outputs[2].GetTensorDataAsSpan<long>().ToArray(), Is.EqualTo(l));
        Assert.That(outputs[3].GetTensorDataAsSpan<int>().ToArray(), Is.EqualTo(i));
        Assert.That(outputs[4].GetTensorDataAsSpan<byte>().ToArray(), Is.EqualTo(b));
        Assert.That(outputs[5].GetTensorDataAsSpan<bool>().ToArray(), Is.EqualTo(z));
        var types = outputs.Select(o => o.GetTensorTypeAndShape().ElementDataType).ToArray();
        Assert.That(types, Is.EqualTo(new[] { TensorElementType.Float, TensorElementType.Double, TensorElementType.Int64,
            TensorElementType.Int32, TensorElementType.UInt8, TensorElementType.Bool }));
        Assert.That(outputs.All(o => o.GetTensorTypeAndShape().Shape.SequenceEqual([2L, 3L])), Is.True);
    }

    [Test]
    public void WrongSpanTypeAndShapeMismatchAreRejected()
    {
        using var value = OrtValue.CreateTensorValueFromMemory(new int[6], [2, 3]);
        var e = Assert.Throws<InvalidOperationException>(() => value.GetTensorDataAsSpan<float>().ToArray())!;
        Assert.That(e.Message, Does.Contain("Int32"));
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensorValueFromMemory(new float[5], [2, 3]));
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensorValueFromMemory(new float[1], [-1, 1]));
        Assert.Throws<NotSupportedException>(() => OrtValue.CreateTensorValueFromMemory(new decimal[1], [1]));
    }

    [Test]
    public void AllocatedTensorIsWritable()
    {
        using var value = OrtValue.CreateAllocatedTensorValue(TensorElementType.Int64, [3, 1]);
        var span = value.GetTensorMutableDataAsSpan<long>();
        Assert.That(span.Length, Is.EqualTo(3));
        span[2] = 11;
        Assert.That(value.GetTensorDataAsSpan<long>()[2], Is.EqualTo(11));
        Assert.That(value.GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { 3, 1 }));
    }

    [Test]
    public void ScalarTensorHasRankZero()
    {
        using var value = OrtValue.CreateTensorValueFromMemory(new double[] { 2.5 }, []);
        var info = value.GetTensorTypeAndShape();
        Assert.That(info.DimensionsCount, Is.Zero);
        Assert.That(info.ElementCount, Is.EqualTo(1));
        Assert.That(value.GetTensorDataAsSpan<double>()[0], Is.EqualTo(2.5));
    }
}
