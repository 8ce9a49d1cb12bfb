/* The floor under `sfn run-local`'s subprocess tasks: runs COMMAND N times in sequence, the way a task
 * runs (posix_spawn with stdin and stdout on pipes, the input written and stdin closed, stdout read to
 * the end, the child reaped), and does nothing else. scripts/bench/run times it beside sfn to give the
 * overhead per task beyond spawning the process.
 *
 * Usage: spawn_loop N INPUT_FILE COMMAND [ARG...] */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  char* data = NULL;
  size_t cap = 0, len = 0, got;
  do {
    if (len == cap) {
      cap = cap ? cap * 2 : 4096;
      data = realloc(data, cap);
      if (!data) return NULL;
    }
    got = fread(data + len, 1, cap - len, f);
    len += got;
  } while (got > 0);
  fclose(f);
  *size = len;
  return data;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: spawn_loop N INPUT_FILE COMMAND [ARG...]\n");
    return 2;
  }
  long n = strtol(argv[1], NULL, 10);
  size_t input_size = 0;
  char* input = read_file(argv[2], &input_size);
  if (!input) {
    perror(argv[2]);
    return 2;
  }
  char buffer[65536];
  for (long i = 0; i < n; ++i) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return perror("pipe"), 1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[3], &actions, NULL, argv + 3, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      fprintf(stderr, "spawn_loop: %s: %s\n", argv[3], strerror(rc));
      return 1;
    }
    close(in[0]);
    close(out[1]);
    size_t written = 0;
    while (written < input_size) {
      ssize_t w = write(in[1], input + written, input_size - written);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) break;
      written += (size_t)w;
    }
    close(in[1]);
    ssize_t r;
    while ((r = read(out[0], buffer, sizeof buffer)) != 0) {
      if (r < 0 && errno != EINTR) break;
    }
    close(out[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  free(input);
  return 0;
}
