using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>Bad input gives readable .NET exceptions naming the operator, and the process lives on; device selection.</summary>
public class ErrorAndDeviceTests
{
    [Test]
    public void MismatchesThrowReadableExceptionsAndTheProcessLivesOn()
    {
        using var scope = torch.NewDisposeScope();
        Tensor a = torch.ones(2, 3);

        // Shape: broadcasting fails.
        var shape = Assert.Throws<TorchException>(() => a.add(torch.ones(4, 5)));
        Assert.That(shape!.Message, Does.StartWith("aten::add"));
        Assert.That(shape.Message, Does.Contain("size of tensor a (3) must match the size of tensor b (5)"));

        // Shape: convolution channels.
        var conv = Assert.Throws<TorchException>(() => F.conv2d(torch.ones(1, 3, 8, 8), torch.ones(4, 2, 3, 3)));
        Assert.That(conv!.Message, Does.StartWith("aten::conv2d"));
        Assert.That(conv.Message, Does.Contain("channels"));

        // Dtype: matmul of float and double.
        var dtype = Assert.Throws<TorchException>(() => a.matmul(torch.ones([3, 2], ScalarType.Float64)));
        Assert.That(dtype!.Message, Does.StartWith("aten::matmul"));
        Assert.That(dtype.Message, Does.Contain("Double").Or.Contain("dtype"));

        // Dtype: cross-entropy with float class indices of the wrong shape.
        var target = Assert.Throws<TorchException>(() => F.cross_entropy(torch.ones(2, 3), torch.ones([2], ScalarType.Float32)));
        Assert.That(target!.Message, Does.StartWith("aten::cross_entropy_loss"));

        // Device: a CUDA tensor cannot be made on this CPU build.
        var device = Assert.Throws<TorchException>(() => a.to(new Device(DeviceType.CUDA, 0)));
        Assert.That(device!.Message, Does.StartWith("aten::to"));
        var factory = Assert.Throws<TorchException>(() => torch.zeros([2], ScalarType.Float32, new Device(DeviceType.CUDA, 0)));
        Assert.That(factory!.Message, Does.StartWith("aten::zeros"));

        // Index out of range.
        var index = Assert.Throws<TorchException>(() => a.select(0, 5));
        Assert.That(index!.Message, Does.StartWith("aten::select").And.Contain("out of range"));

        // In-place on a leaf that requires grad.
        Tensor leaf = torch.ones(2).requires_grad_();
        var inPlace = Assert.Throws<TorchException>(() => leaf.add_(1));
        Assert.That(inPlace!.Message, Does.StartWith("aten::add_").And.Contain("leaf Variable that requires grad"));

        // Backward through a graph already freed.
        Tensor y = (leaf * leaf).sum();
        y.backward();
        var twice = Assert.Throws<TorchException>(() => y.backward());
        Assert.That(twice!.Message, Does.Contain("backward through the graph a second time"));

        // After all that, ordinary work goes on.
        Assert.That((a + a).sum().ToDouble(), Is.EqualTo(12));
        Assert.That(F.conv2d(torch.ones(1, 2, 4, 4), torch.ones(1, 2, 3, 3)).sum().ToDouble(), Is.EqualTo(72));
    }

    [Test]
    public void DisposedTensorPassedToAnOperator()
    {
        Tensor a = torch.ones(2);
        Tensor b = torch.ones(2);
        b.Dispose();
        Assert.That(b.IsDisposed, Is.True);
        var e = Assert.Throws<ObjectDisposedException>(() => a.add(b));
        Assert.That(e!.Message, Does.Contain("aten::add").And.Contain("argument 1 is a disposed tensor"));
        var list = Assert.Throws<ObjectDisposedException>(() => torch.cat(new[] { a, b }));
        Assert.That(list!.Message, Does.Contain("aten::cat"));
        Assert.Throws<ObjectDisposedException>(() => _ = b.shape);
        Assert.That(b.ToString(), Is.EqualTo("Tensor (disposed)"));
        b.Dispose(); // twice is harmless
        Assert.That(a.sum().ToDouble(), Is.EqualTo(2));
        a.Dispose();
    }

    [Test]
    public void UnknownOperatorAndWrongArgumentCount()
    {
        using var scope = torch.NewDisposeScope();
        var unknown = Assert.Throws<TorchException>(() => new Operator("aten::no_such_op").Tensor(torch.ones(1)));
        Assert.That(unknown!.Message, Does.Contain("no operator aten::no_such_op"));
        var overload = Assert.Throws<TorchException>(() => new Operator("aten::add", "NoSuchOverload").Tensor(torch.ones(1)));
        Assert.That(overload!.Message, Does.Contain("aten::add.NoSuchOverload"));

        var tooMany = Assert.Throws<TorchException>(() => new Operator("aten::relu").Tensor(torch.ones(1), torch.ones(1)));
        Assert.That(tooMany!.Message, Does.StartWith("aten::relu").And.Contain("got 2 arguments, the schema takes 1"));
        var tooFew = Assert.Throws<TorchException>(() => new Operator("aten::add", "Tensor").Tensor(torch.ones(1)));
        Assert.That(tooFew!.Message, Does.StartWith("aten::add").And.Contain("'other' has no default"));

        // Wrong kinds of value for an argument.
        var wrongType = Assert.Throws<TorchException>(() => new Operator("aten::relu").Tensor(3L));
        Assert.That(wrongType!.Message, Does.StartWith("aten::relu"));
        var realForInt = Assert.Throws<TorchException>(() => new Operator("aten::sum", "dim_IntList").Tensor(torch.ones(2), 0.5));
        Assert.That(realForInt!.Message, Does.Contain("argument 'dim' takes Optional[List[int]], got a float"));
        var noneTensor = Assert.Throws<TorchException>(() => new Operator("aten::relu").Tensor(Arg.None));
        Assert.That(noneTensor!.Message, Does.StartWith("aten::relu"));
        var listForTensor = Assert.Throws<TorchException>(() => new Operator("aten::relu").Tensor(new long[] { 1, 2 }));
        Assert.That(listForTensor!.Message, Does.StartWith("aten::relu"));
        var tensorForList = Assert.Throws<TorchException>(() => new Operator("aten::sum", "dim_IntList").Tensor(torch.ones(2), torch.ones(1)));
        Assert.That(tensorForList!.Message, Does.StartWith("aten::sum"));

        Assert.That(new Operator("aten::relu").Schema, Does.StartWith("aten::relu(Tensor self)"));
        Assert.That(new Operator("aten::relu").Tensor(torch.tensor(new float[] { -1, 2 })).data<float>(), Is.EqualTo(new float[] { 0, 2 }));
    }

    [Test]
    public void ArgumentErrorsFromTheManagedSide()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => torch.tensor(new float[] { 1, 2, 3 }, 2, 2));
        Assert.Throws<ArgumentException>(() => F.max_pool(torch.ones(2, 3), 2));
        Assert.Throws<ArgumentException>(() => F.interpolate(torch.ones(1, 1, 2, 2)));
        Assert.Throws<ArgumentException>(() => F.interpolate(torch.ones(1, 1, 2, 2), size: [4, 4, 4]));
        Assert.Throws<ArgumentException>(() => torch.ones(2, 3).data<double>());
        Assert.Throws<InvalidOperationException>(() => torch.ones(2).item<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.ones(2).size(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0));
        Assert.Throws<ArgumentException>(() => _ = torch.ones(2, 3)[0, 0, 0]);
        Assert.Throws<ArgumentNullException>(() => torch.autograd.grad(null!, []));
    }

    [Test]
    public void CudaOnThisCpuBuild()
    {
        Assert.That(Device.CudaIsAvailable, Is.False);
        Assert.That(Device.CudaDeviceCount, Is.Zero);
        Assert.That(torch.cuda.is_available(), Is.False);
        Assert.That(torch.cuda.device_count(), Is.Zero);
        var e = Assert.Throws<TorchException>(() => Device.Cuda());
        Assert.That(e!.Message, Does.Contain("CUDA device 0 was requested").And.Contain("no CUDA support"));
        Assert.Throws<TorchException>(() => Device.Parse("cuda:1"));
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.ones(2).cuda());
        Assert.That(torch.ones(2).sum().ToDouble(), Is.EqualTo(2));
    }

    [Test]
    public void DeviceSelectionRules()
    {
        Device cuda1 = new(DeviceType.CUDA, 1);
        Assert.That(Device.Select(Device.Cpu, cudaAvailable: false, cudaDeviceCount: 0), Is.EqualTo(Device.Cpu));
        Assert.That(Device.Select(cuda1, cudaAvailable: true, cudaDeviceCount: 2), Is.EqualTo(cuda1));
        var unavailable = Assert.Throws<TorchException>(() => Device.Select(cuda1, cudaAvailable: false, cudaDeviceCount: 0));
        Assert.That(unavailable!.Message, Does.Contain("no CUDA support").And.Contain("LIBTORCH="));
        var outOfRange = Assert.Throws<TorchException>(() => Device.Select(new Device(DeviceType.CUDA, 2), cudaAvailable: true, cudaDeviceCount: 2));
        Assert.That(outOfRange!.Message, Does.Contain("only 2 device(s)"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.Cuda(-1));

        var said = new List<string>();
        void Listener(string line) => said.Add(line);
        Device.DeviceSelected += Listener;
        try
        {
            Assert.That(Device.SelectAuto(cudaAvailable: true), Is.EqualTo(new Device(DeviceType.CUDA, 0)));
            Assert.That(Device.SelectAuto(cudaAvailable: false), Is.EqualTo(Device.Cpu));
            Assert.That(Device.Auto, Is.EqualTo(Device.Cpu));
        }
        finally
        {
            Device.DeviceSelected -= Listener;
        }
        Assert.That(said, Has.Some.Contains("using cuda:0"));
        Assert.That(said, Has.Some.Contains("CUDA is not available, using the CPU"));
    }

    [Test]
    public void DeviceParsing()
    {
        Assert.That(Device.Parse("cpu"), Is.EqualTo(Device.Cpu));
        Assert.That(Device.Parse(" CPU "), Is.EqualTo(Device.Cpu));
        Assert.That(Device.Parse("auto"), Is.EqualTo(Device.Cpu));
        Assert.Throws<TorchException>(() => Device.Parse("cuda"));
        Assert.Throws<TorchException>(() => Device.Parse("cuda:0"));
        Assert.Throws<ArgumentException>(() => Device.Parse("gpu"));
        Assert.Throws<ArgumentException>(() => Device.Parse("cuda:x"));
        Assert.Throws<ArgumentException>(() => Device.Parse("cuda:-1"));
        Assert.Throws<ArgumentNullException>(() => Device.Parse(null!));
        Assert.That(Device.Cpu.ToString(), Is.EqualTo("cpu"));
        Assert.That(new Device(DeviceType.CUDA, 1).ToString(), Is.EqualTo("cuda:1"));
        Assert.That(new Device(DeviceType.CUDA).ToString(), Is.EqualTo("cuda"));
    }
}
