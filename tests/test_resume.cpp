// tests/test_resume.cpp — killed runs and `train --resume`: the checkpoint format (round trip, every
// truncation and damaged byte refused), and real child processes killed with SIGKILL at several points,
// resumed, and compared byte for byte with an uninterrupted run.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "apps/checkpoint.hpp"
#include "cli_runner.hpp"
#include "nn/layers.hpp"
#include "nn/optimizer.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// The demo preset cut to 400 epochs sampled every 7 (so checkpoints come both from sampled epochs and
// from the every-100-epochs cadence, e.g. at 100, which is not a multiple of 7): about half a second.
const cli::Args kTrain = {"train", "--config", cli::demo_preset, "--out", "run", "--epochs", "400",
                          "--schedule", "every", "--every", "7"};

// The data rows of metrics.csv so far (lines after the comments and the header); 0 if there is no file.
std::size_t metric_rows(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::size_t rows = 0;
    bool header_seen = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("#")) continue;
        if (header_seen) ++rows;
        header_seen = true;
    }
    return rows;
}

// Starts `infoplane ARGUMENTS` in `dir` (output discarded), waits until `ready()` holds, and kills it
// with SIGKILL. Returns false if the child ended by itself first (then the kill point was never reached).
template <class Ready>
bool kill_when(const cli::Args& arguments, const fs::path& dir, Ready ready) {
    std::vector<std::string> words = {INFOPLANE_EXECUTABLE};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    const std::string directory = dir.string();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        if (null < 0 || ::dup2(null, STDIN_FILENO) < 0 || ::dup2(null, STDOUT_FILENO) < 0 ||
            ::dup2(null, STDERR_FILENO) < 0 || ::chdir(directory.c_str()) != 0)
            ::_exit(127);
        ::alarm(60);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    bool killed = false;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (ready()) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return killed;
}

// Every file of `reference` has the same bytes in `resumed`, which holds those files and resume.log.
void require_same_run(const fs::path& reference, const fs::path& resumed) {
    std::vector<std::string> expected = cli::entries_of(reference);
    expected.push_back("resume.log");
    std::sort(expected.begin(), expected.end());
    REQUIRE(cli::entries_of(resumed) == expected);
    for (const std::string& name : cli::entries_of(reference)) {
        INFO(name);
        REQUIRE(cli::read_file(resumed / name) == cli::read_file(reference / name));
    }
}

// The file's lines all end in '\n' (no torn last line).
bool complete_lines(const std::string& text) { return text.empty() || text.back() == '\n'; }

apps::Checkpoint sample_checkpoint() {
    nn::Rng rng(3);
    nn::Sequential model;
    model.add<nn::Linear>(3, 2, nn::Init::GlorotUniform, rng);
    nn::Adam adam(model.parameters(), {});
    for (nn::Var& p : model.parameters()) p.grad() = nn::Tensor(p.shape(), 0.5f);
    adam.step();
    rng.normal();  // leaves a spare normal, which the state must carry
    apps::Checkpoint c = apps::capture_checkpoint(7, model, adam, rng);
    c.metrics_bytes = 1234;
    c.plane_bytes = 56789;
    return c;
}

}  // namespace

TEST_CASE("a checkpoint reads back field for field, and restores a network that continues identically", "[apps]") {
    const apps::Checkpoint saved = sample_checkpoint();
    const std::string bytes = apps::encode_checkpoint(saved);
    REQUIRE(bytes.substr(0, 4) == "IPCK");
    REQUIRE(bytes.substr(4, 4) == std::string("\x01\0\0\0", 4));  // version 1, little-endian
    const apps::Checkpoint read = apps::decode_checkpoint(bytes, "c.bin");
    CHECK(read.epoch == 7);
    CHECK(read.metrics_bytes == 1234);
    CHECK(read.plane_bytes == 56789);
    CHECK(read.rng_state == saved.rng_state);
    CHECK(read.optimizer_steps == 1);
    REQUIRE(read.parameters.size() == 2);  // weight and bias
    REQUIRE(read.optimizer_state.size() == 4);  // m and v of each
    for (std::size_t k = 0; k < 2; ++k) CHECK(read.parameters[k].values() == saved.parameters[k].values());
    for (std::size_t k = 0; k < 4; ++k) CHECK(read.optimizer_state[k].values() == saved.optimizer_state[k].values());
    CHECK(apps::encode_checkpoint(read) == bytes);

    // A network built from another seed, restored, continues like the original.
    nn::Rng other(99);
    nn::Sequential model;
    model.add<nn::Linear>(3, 2, nn::Init::GlorotUniform, other);
    nn::Adam adam(model.parameters(), {});
    apps::restore_checkpoint(read, "c.bin", model, adam, other);
    CHECK(model.parameters()[0].value().values() == saved.parameters[0].values());
    CHECK(adam.steps() == 1);
    CHECK(other.state() == saved.rng_state);

    // A network of another shape is refused, naming the file.
    nn::Sequential wider;
    wider.add<nn::Linear>(3, 4, nn::Init::GlorotUniform, other);
    nn::Adam wider_adam(wider.parameters(), {});
    REQUIRE_THROWS_WITH(apps::restore_checkpoint(read, "c.bin", wider, wider_adam, other),
                        StartsWith("c.bin: parameter tensor 1 has shape (3, 2), the network of run.ini has (3, 4)"));
}

TEST_CASE("a truncated or damaged checkpoint is refused with a message naming the file", "[apps]") {
    const std::string bytes = apps::encode_checkpoint(sample_checkpoint());
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        INFO("truncated to " << length << " bytes");
        REQUIRE_THROWS_WITH(apps::decode_checkpoint(bytes.substr(0, length), "run/checkpoint.bin"),
                            StartsWith("run/checkpoint.bin: "));
    }
    for (std::size_t at = 0; at < bytes.size(); ++at) {
        std::string damaged = bytes;
        damaged[at] = char(damaged[at] ^ 0x10);
        INFO("byte " << at << " changed");
        REQUIRE_THROWS_AS(apps::decode_checkpoint(damaged, "run/checkpoint.bin"), std::runtime_error);
    }
    REQUIRE_THROWS_WITH(apps::decode_checkpoint("PK\x03\x04 not ours", "x.bin"),
                        "x.bin: not an infoplane checkpoint (no IPCK magic)");
    std::string future = bytes;
    future[4] = 2;
    REQUIRE_THROWS_WITH(apps::decode_checkpoint(future, "x.bin"), "x.bin: checkpoint version 2 (this infoplane reads 1)");
    REQUIRE_THROWS_WITH(apps::decode_checkpoint(bytes + "x", "x.bin"),
                        "x.bin: checkpoint truncated or corrupt (checksum mismatch)");
}

TEST_CASE("a run killed with SIGKILL at any point resumes to the bytes of an uninterrupted run", "[apps]") {
    const cli::TempDir reference;
    const cli::CliResult full = cli::run_infoplane(kTrain, reference.path);
    INFO(full.err);
    REQUIRE(full.status == 0);
    const fs::path reference_run = reference.path / "run";
    REQUIRE_FALSE(fs::exists(reference_run / "checkpoint.bin"));  // a finished run holds its results only

    // Kill points: after the first rows (epoch 0, maybe before its checkpoint), some, and most rows.
    for (std::size_t rows : {std::size_t(1), std::size_t(30), std::size_t(100)}) {
        INFO("killed once metrics.csv had " << rows << " rows");
        const cli::TempDir dir;
        const fs::path run = dir.path / "run";
        REQUIRE(kill_when(kTrain, dir.path, [&] { return metric_rows(run / "metrics.csv") >= rows; }));
        REQUIRE_FALSE(fs::exists(run / "information_plane.svg"));
        if (fs::exists(run / "checkpoint.bin")) {
            // The lengths the checkpoint recorded end in complete lines: that is where resume cuts.
            const apps::Checkpoint c = apps::read_checkpoint((run / "checkpoint.bin").string());
            const std::string metrics = cli::read_file(run / "metrics.csv");
            const std::string plane = cli::read_file(run / "information_plane.csv");
            REQUIRE(c.metrics_bytes <= metrics.size());
            REQUIRE(c.plane_bytes <= plane.size());
            CHECK(complete_lines(metrics.substr(0, c.metrics_bytes)));
            CHECK(complete_lines(plane.substr(0, c.plane_bytes)));
        }
        const cli::CliResult resumed = cli::run_infoplane({"train", "--resume", "run"}, dir.path);
        INFO(resumed.err);
        REQUIRE(resumed.status == 0);
        CHECK_THAT(resumed.out, Contains("resumed run at epoch ") || Contains("run had no checkpoint yet"));
        CHECK_THAT(resumed.out, Contains("trained 400 epochs in "));
        for (const char* name : {"metrics.csv", "information_plane.csv"})
            CHECK(complete_lines(cli::read_file(run / name)));
        require_same_run(reference_run, run);
        CHECK_THAT(cli::read_file(run / "resume.log"), Contains(": infoplane train --resume run\n"));

        // Resumed again, the finished run is left as it is.
        const std::string log = cli::read_file(run / "resume.log");
        const cli::CliResult again = cli::run_infoplane({"train", "--resume", "run"}, dir.path);
        CHECK(again.status == 0);
        CHECK(again.out == "run has finished (information_plane.svg is written); nothing to resume\n");
        require_same_run(reference_run, run);
        CHECK(cli::read_file(run / "resume.log") == log);
    }
}

TEST_CASE("a killed run without a checkpoint starts over, and a damaged checkpoint stops the resume", "[apps]") {
    const cli::TempDir reference;
    REQUIRE(cli::run_infoplane(kTrain, reference.path).status == 0);
    const cli::TempDir dir;
    const fs::path run = dir.path / "run";
    REQUIRE(kill_when(kTrain, dir.path, [&] { return metric_rows(run / "metrics.csv") >= 60; }));
    REQUIRE(fs::exists(run / "checkpoint.bin"));
    const std::string checkpoint = cli::read_file(run / "checkpoint.bin");
    const std::string metrics = cli::read_file(run / "metrics.csv");
    auto resume = [&] { return cli::run_infoplane({"train", "--resume", "run"}, dir.path); };
    const std::string damaged_message =
        "infoplane: run/checkpoint.bin: checkpoint truncated or corrupt (checksum mismatch)\n";

    // Each damage is undone before the next (one killed run serves all cases; sections would rerun it).
    dir.write("run/checkpoint.bin", checkpoint.substr(0, checkpoint.size() / 2));
    cli::CliResult result = resume();
    CHECK(result.status == 2);
    CHECK(result.err == damaged_message);

    std::string damaged = checkpoint;
    damaged[damaged.size() / 2] = char(damaged[damaged.size() / 2] ^ 1);
    dir.write("run/checkpoint.bin", damaged);
    result = resume();
    CHECK(result.status == 2);
    CHECK(result.err == damaged_message);
    dir.write("run/checkpoint.bin", checkpoint);

    dir.write("run/metrics.csv", "# infoplane\n");  // shorter than the checkpoint recorded
    result = resume();
    CHECK(result.status == 2);
    CHECK_THAT(result.err, StartsWith("infoplane: run/metrics.csv: 12 bytes, shorter than the ") &&
                               Contains(" its checkpoint recorded\n"));
    dir.write("run/metrics.csv", metrics);

    // Without a checkpoint (as when killed before the first one) the run is trained again from epoch 0.
    fs::remove(run / "checkpoint.bin");
    result = resume();
    INFO(result.err);
    REQUIRE(result.status == 0);
    CHECK_THAT(result.out, StartsWith("run had no checkpoint yet: trained it again from epoch 0\n"));
    require_same_run(reference.path / "run", run);
    CHECK(cli::read_file(run / "resume.log") == "started over at epoch 0 (no checkpoint yet): infoplane train --resume run\n");
}

TEST_CASE("train --resume refuses what is not a run, and options that would change the run", "[apps]") {
    const cli::TempDir dir;
    dir.write("notes/a.txt", "not a run\n");
    const std::vector<std::pair<cli::Args, std::string>> cases = {
        {{"train", "--resume", "notes"}, "infoplane: notes is not a run directory (no run.ini); nothing to resume\n"},
        {{"train", "--resume", "missing"}, "infoplane: missing is not a run directory (no run.ini); nothing to resume\n"},
        {{"train", "--resume", "notes", "--force"},
         "infoplane: train: --resume DIR continues the run DIR/run.ini configures; --force cannot be combined with it\n"},
        {{"train", "--resume", "notes", "--epochs", "5"},
         "infoplane: train: --resume DIR continues the run DIR/run.ini configures; --epochs cannot be combined with it\n"},
        {{"train", "--resume", "notes", "--config", cli::demo_preset},
         "infoplane: train: --resume DIR continues the run DIR/run.ini configures; --config cannot be combined with it\n"},
        {{"train", "--resume", "notes", "--seeds", "1,2"},
         "infoplane: train: --resume continues one run; resume each seed's run with train --resume DIR/seed=S\n"},
    };
    for (const auto& [arguments, message] : cases) {
        INFO(arguments.back());
        const cli::CliResult result = cli::run_infoplane(arguments, dir.path);
        CHECK(result.status == 2);
        CHECK(result.err == message);
        CHECK(result.out.empty());
    }
    CHECK(cli::entries_of(dir.path / "notes") == std::vector<std::string>{"a.txt"});
    CHECK_FALSE(fs::exists(dir.path / "missing"));
}
