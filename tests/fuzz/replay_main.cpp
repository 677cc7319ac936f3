// Replays fuzz inputs without libFuzzer, for compilers that lack it (the
// normal gcc build): every file argument, and every regular file under a
// directory argument (sorted, recursively), is passed to
// LLVMFuzzerTestOneInput once. A violated property aborts the process.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

void replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << file.string() << ": cannot open\n";
    std::exit(2);
  }
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // Announced first, so the input that aborts is the last one named.
  std::cerr << "replay " << file.string() << " (" << bytes.size() << " bytes)\n";
  // A fresh buffer of exactly the input's size, so ASan sees reads past its end.
  std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::vector<fs::path> files;
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      std::cerr << arg.string() << ": no such file or directory\n";
      return 2;
    }
    for (const auto& file : files) replay(file);
    count += files.size();
  }
  if (count == 0) {
    std::cerr << "no inputs replayed\n";
    return 2;
  }
  std::cout << count << " inputs replayed, every property held\n";
  return 0;
}
