#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

/* One listener; every connection is served at once: read, echo, read the end, close. */
int main(int argc, char *argv[])
{
    int clients = argc > 1 ? atoi(argv[1]) : 1000;
    int server_socket = socket(PF_INET, SOCK_STREAM, 0);
    if (server_socket == -1) { perror("socket"); exit(1); }

    struct sockaddr_in server_addr;
    memset(&server_addr, 0, sizeof(server_addr));
    server_addr.sin_family = AF_INET;
    server_addr.sin_port = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server_socket, (struct sockaddr *)&server_addr, sizeof(server_addr)) == -1) { perror("bind"); exit(1); }
    if (listen(server_socket, 1024) == -1) { perror("listen"); exit(1); }

    for (int i = 0; i < clients; i++) {
        int client_socket = accept(server_socket, NULL, NULL);
        if (client_socket == -1) { perror("accept"); exit(1); }
        if (fork() == 0) {
            char buff[64];
            ssize_t n = read(client_socket, buff, sizeof(buff));
            if (n > 0) write(client_socket, buff, n);
            read(client_socket, buff, sizeof(buff)); /* 0: the client closed */
            close(client_socket);
            exit(0);
        }
        close(client_socket);
    }
    close(server_socket);
    return 0;
}
