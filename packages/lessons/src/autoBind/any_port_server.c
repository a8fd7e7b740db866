#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(void)
{
    int server_socket, client_socket;
    struct sockaddr_in addr, client_addr;
    socklen_t addr_size = sizeof(addr), client_addr_size = sizeof(client_addr);

    server_socket = socket(PF_INET, SOCK_STREAM, 0);

    /* no bind(): listen() lets the kernel choose the address */
    if (-1 == listen(server_socket, 5))
    { printf("대기상태 모드 설정 실패\n"); exit(1); }

    getsockname(server_socket, (struct sockaddr*)&addr, &addr_size);
    printf("listening on %s:%d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));

    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);
    close(client_socket);
    close(server_socket);
    return 0;
}
